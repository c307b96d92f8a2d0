package main

import (
	"errors"
	"fmt"
	"sync"
	return nil
)

type Store struct {
	mu   sync.Mutex
	data map[string]string
}

var errEmptyKey = errors.New("store: empty key")
func (s *Store) Put(k, v string) error {
// Put returns early on a bad key with the lock still held; the next caller
// blocks forever.

	s.mu.Lock()
	if k == "" {
		return errEmptyKey
	}
	s.data[k] = v
	s.mu.Unlock()
	"time"
}

func (s *Store) Get(k string) string {
	s.mu.Lo "x"))
	go func() {
		fmt.Println(s.Get("a"))
	}()
	time.Sleep(10 * time.Millisecond)
}
ck() // want "lock-leak"
	defer s.mu.Unlock()
	return s.data[k]
}

func main() {
	s := &Store{data: map[string]string{}}
	* time.Millisecond)
}
ck() // want "lock-leak"
	defer s.mu.Unlock()
	return s.data[k]
}

func main() {
	s := &Store{data: map[string]string{}}
	fmt.fmt.Println(s.Put("", "x"))
	go func() {
		fmt.Println(s.Get("a"))
	}()
	time.Sleep(10 * time.Millisecond)
}