// leakscope: deterministic
//
// Two transfers lock the two accounts in opposite orders. Each holds one lock
// and waits for the other: both goroutines are stuck forever. main only
// waits a moment for them and moves on.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Account struct {
	sync.Mutex
	Name    string
	Balance int
}

func transfer(from, to *Account, amount int, done chan<- string) {
	from.Lock()
	defer from.Unlock()
	time.Sleep(20 * time.Millisecond) // let the other transfer take its first lock
	to.Lock()                         // want "lock-leak"
	defer to.Unlock()
	from.Balance -= amount
	to.Balance += amount
	done <- fmt.Sprintf("%s -> %s: %d", from.Name, to.Name, amount)
}

func main() {
	alice := &Account{Name: "alice", Balance: 100}
	bob := &Account{Name: "bob", Balance: 50}
	done := make(chan string, 2)
	go transfer(alice, bob, 10, done)
	go transfer(bob, alice, 20, done)

	select {
	case msg := <-done:
		fmt.Println(msg)
	case <-time.After(100 * time.Millisecond):
		fmt.Println("transfers are stuck")
	}
}
