package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

type Store struct {
	mu   sync.Mutex
	data map[string]string
}

var errEmptyKey = errors.New("store: empty key")

// Put returns early on a bad key with the lock still held; the next caller
// blocks forever.
func (s *Store) Put(k, v string) error {
	s.mu.Lock()
	if k == "" {
		return errEmptyKey
	}
	s.data[k] = v
	s.mu.Unlock()
	return nil
}

func (s *Store) Get(k string) string {
	s.mu.Lock() // want "lock-leak"
	defer s.mu.Unlock()
	return s.data[k]
}

func main() {
	s := &Store{data: map[string]string{}}
	fmt.Println(s.Put("", "x"))
	go func() {
		fmt.Println(s.Get("a"))
	}()
	time.Sleep(10 * time.Millisecond)
}
