// leakscope: deterministic
//
// Get takes the read lock and calls Has, which takes the read lock again.
// If a writer starts waiting in between, the second RLock waits for the
// writer, and the writer waits for the first RLock: both are stuck.
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

func (r *Registry) Has(name string) bool {
	r.mu.RLock() // want "lock-leak"
	defer r.mu.RUnlock()
	_, ok := r.names[name]
	return ok
}

func (r *Registry) Get(name string) (int, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	time.Sleep(30 * time.Millisecond) // a slow lookup; the writer arrives now
	if !r.Has(name) {
		return 0, false
	}
	return r.names[name], true
}

func (r *Registry) Put(name string, v int) {
	r.mu.Lock() // want "lock-leak"
	defer r.mu.Unlock()
	r.names[name] = v
}

func main() {
	reg := &Registry{names: map[string]int{"a": 1}}
	results := make(chan string, 1)
	go func() {
		v, ok := reg.Get("a")
		results <- fmt.Sprint(v, ok)
	}()
	time.Sleep(10 * time.Millisecond)
	go reg.Put("b", 2)

	select {
	case r := <-results:
		fmt.Println("got", r)
	case <-time.After(80 * time.Millisecond):
		fmt.Println("registry is stuck")
	}
}
