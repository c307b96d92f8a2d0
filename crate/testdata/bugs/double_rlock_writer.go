package main

import (
	"fmt"
	"sync"
	"time"
)

type Registry struct {
	mu    sync.RWMutex
	names map[string]int
}

func (r *Registry) Len() int {
	r.mu.RLock() // want "lock-leak"
	defer r.mu.RUnlock()
	return len(r.names)
}

// Describe holds the read lock and calls Len, which takes it again. A writer
// that asks for the lock in between makes the second RLock wait behind it,
// and the writer waits for the first RLock: both are stuck.
func (r *Registry) Describe(name string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	time.Sleep(5 * time.Millisecond)
	return fmt.Sprintf("%s=%d of %d", name, r.names[name], r.Len())
}

func (r *Registry) Set(name string, v int) {
	r.mu.Lock() // want "lock-leak"
	r.names[name] = v
	r.mu.Unlock()
}

func main() {
	r := &Registry{names: map[string]int{"a": 1}}
	go func() {
		fmt.Println(r.Describe("a"))
	}()
	go func() {
		time.Sleep(time.Millisecond)
		r.Set("b", 2)
	}()
	time.Sleep(30 * time.Millisecond)
}
