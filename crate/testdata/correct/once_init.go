package main

import (
	"fmt"
	"sync"
)

type Config struct {
	DSN      string
	PoolSize int
}

// ConfigLoader loads the configuration once, no matter how many handlers ask
// for it at the same time.
type ConfigLoader struct {
	once  sync.Once
	cfg   *Config
	loads int
}

func (l *ConfigLoader) Get() *Config {
	l.once.Do(func() {
		l.loads++
		l.cfg = &Config{DSN: "postgres://localhost/app", PoolSize: 10}
	})
	return l.cfg
}

func main() {
	var loader ConfigLoader
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = loader.Get().PoolSize
		}()
	}
	wg.Wait()
	fmt.Println("loaded", loader.loads, "time(s)")
}
