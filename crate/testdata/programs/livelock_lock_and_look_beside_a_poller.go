// leakscope: deterministic
// leakscope: spins
//
// A watcher takes the lock, looks at a flag and lets go, over and over,
// until the loader has set it; main polls the watcher's done channel. The
// loader first waits for a path that nobody sends, so the flag never
// changes: main and the watcher both run for ever and nothing changes.
// Go spins and never reports "all goroutines are asleep".
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu     sync.Mutex
	loaded bool
}

func (s *store) load(paths <-chan string) {
	path := <-paths // want "orphan-receive"
	s.mu.Lock()
	s.loaded = path != ""
	s.mu.Unlock()
}

func (s *store) watch(done chan<- struct{}) {
	for {
		s.mu.Lock() // want "livelock"
		ok := s.loaded
		s.mu.Unlock()
		if ok {
			close(done)
			return
		}
	}
}

func main() {
	s := &store{}
	paths := make(chan string)
	done := make(chan struct{})
	go s.load(paths)
	go s.watch(done)
	fmt.Println("loading")
	for {
		select { // want "livelock"
		case <-done:
			fmt.Println("loaded")
			return
		default:
		}
	}
}
