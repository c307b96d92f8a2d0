// leakscope: deterministic
//
// The fix for ncast_one_writer_many_readers_leak.go: the loader publishes the
// config in a shared variable and closes a channel, which wakes every waiter.
package main

import (
	"fmt"
)

type Config struct {
	Port    int
	Verbose bool
}

type configBroadcast struct {
	ready chan struct{}
	cfg   Config
}

func (b *configBroadcast) publish(c Config) {
	b.cfg = c
	close(b.ready)
}

func (b *configBroadcast) wait() Config {
	<-b.ready
	return b.cfg
}

func startService(name string, b *configBroadcast, started chan<- string) {
	cfg := b.wait()
	started <- fmt.Sprintf("%s on port %d", name, cfg.Port)
}

func main() {
	b := &configBroadcast{ready: make(chan struct{})}
	started := make(chan string, 3)
	names := []string{"api", "metrics", "admin"}
	for _, name := range names {
		go startService(name, b, started)
	}
	b.publish(Config{Port: 8080})
	count := 0
	for range names {
		<-started
		count++
	}
	fmt.Println(count, "services started")
}
