package main

// A deferred fmt.Println calls String when main returns, and String locks
// the mutex main still holds: main deadlocks in its own deferred print.
//
// search: exhaustive

import (
	"fmt"
	"sync"
)

type account struct {
	mu      sync.Mutex
	balance int
}

func (a *account) String() string {
	a.mu.Lock() // want "deadlock"
	defer a.mu.Unlock()
	return fmt.Sprint(a.balance)
}

func main() {
	a := &account{balance: 10}
	a.mu.Lock()
	defer fmt.Println("final balance:", a)
	a.balance += 5
}
