// leakscope: deterministic
//
// The fix for lock_order_abba_leak.go: every transfer locks the two accounts
// in one global order (by ID), so no cycle of waiting can form.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Account struct {
	sync.Mutex
	ID      int
	Name    string
	Balance int
}

func transfer(from, to *Account, amount int, wg *sync.WaitGroup) {
	defer wg.Done()
	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.Lock()
	defer first.Unlock()
	time.Sleep(5 * time.Millisecond)
	second.Lock()
	defer second.Unlock()
	from.Balance -= amount
	to.Balance += amount
}

func main() {
	alice := &Account{ID: 1, Name: "alice", Balance: 100}
	bob := &Account{ID: 2, Name: "bob", Balance: 50}
	var wg sync.WaitGroup
	wg.Add(2)
	go transfer(alice, bob, 10, &wg)
	go transfer(bob, alice, 20, &wg)
	wg.Wait()
	fmt.Printf("%s=%d %s=%d\n", alice.Name, alice.Balance, bob.Name, bob.Balance)
}
