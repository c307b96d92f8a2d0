// leakscope: deterministic
//
// One configuration loader, several services waiting for it. The loader sends
// the config once; only one service gets it and the others wait forever.
package main

import (
	"fmt"
	"time"
)

type Config struct {
	Port    int
	Verbose bool
}

func startService(name string, configs <-chan Config, started chan<- string) {
	cfg := <-configs // want "ncast-leak"
	started <- fmt.Sprintf("%s on port %d", name, cfg.Port)
}

func main() {
	configs := make(chan Config)
	started := make(chan string, 3)
	for _, name := range []string{"api", "metrics", "admin"} {
		go startService(name, configs, started)
	}
	configs <- Config{Port: 8080}
	<-started
	fmt.Println("one service started")
	time.Sleep(20 * time.Millisecond)
}
