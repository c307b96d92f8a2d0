// leakscope: deterministic
//
// apply locks the store, and a bad update panics before Unlock. The caller
// recovers and carries on, but the mutex stays locked: the next writer
// blocks forever.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Store struct {
	mu     sync.Mutex
	values []int
}

func (s *Store) apply(i, v int) {
	s.mu.Lock() // want "lock-leak"
	s.values[i] = v
	s.mu.Unlock()
}

func safeApply(s *Store, i, v int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("apply(%d): %v", i, r)
		}
	}()
	s.apply(i, v)
	return nil
}

func main() {
	s := &Store{values: make([]int, 3)}
	fmt.Println(safeApply(s, 1, 10))
	fmt.Println(safeApply(s, 5, 50))
	go safeApply(s, 2, 20)
	time.Sleep(10 * time.Millisecond)
	fmt.Println("values:", s.values)
}
