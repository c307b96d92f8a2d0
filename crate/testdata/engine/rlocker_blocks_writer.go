package main

import (
	"fmt"
	"sync"
)

// A Locker from RLocker takes the read lock. The reader takes it twice and
// releases it once: the writer waits forever. If the writer asks first, the
// second read lock waits behind it and every goroutine is blocked.
func main() {
	var rw sync.RWMutex
	var l sync.Locker = rw.RLocker()
	l.Lock()
	done := make(chan bool)
	go func() {
		rw.Lock() // want "leak"
		fmt.Println("writer in")
		rw.Unlock()
		done <- true
	}()
	l.Lock() // want "deadlock"
	l.Unlock()
	fmt.Println("two readers")
}
