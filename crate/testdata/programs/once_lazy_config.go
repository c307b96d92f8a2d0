// leakscope: deterministic
//
// sync.Once loads the configuration exactly once, however many goroutines
// ask for it at the same time.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Config struct {
	DSN      string
	MaxConns int
}

var (
	once   sync.Once
	config *Config
	loads  atomic.Int32
)

func loadConfig() *Config {
	once.Do(func() {
		loads.Add(1)
		config = &Config{DSN: "postgres://localhost/app", MaxConns: 10}
	})
	return config
}

func main() {
	var wg sync.WaitGroup
	conns := make([]int, 5)
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conns[i] = loadConfig().MaxConns
		}()
	}
	wg.Wait()
	fmt.Println(conns, "loaded", loads.Load(), "time(s)")
	fmt.Printf("%+v\n", *loadConfig())
}
