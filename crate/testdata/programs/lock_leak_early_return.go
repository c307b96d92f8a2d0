// leakscope: deterministic
//
// Withdraw locks the account and returns early on insufficient funds without
// unlocking. The next goroutine that touches the account blocks forever.
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

type Account struct {
	mu      sync.Mutex
	balance int
}

var errInsufficient = errors.New("insufficient funds")

func (a *Account) Withdraw(amount int) error {
	a.mu.Lock()
	if amount > a.balance {
		return errInsufficient
	}
	a.balance -= amount
	a.mu.Unlock()
	return nil
}

func (a *Account) Deposit(amount int) {
	a.mu.Lock() // want "lock-leak"
	a.balance += amount
	a.mu.Unlock()
}

func main() {
	acct := &Account{balance: 100}
	fmt.Println(acct.Withdraw(30))
	fmt.Println(acct.Withdraw(500))
	go acct.Deposit(10)
	time.Sleep(10 * time.Millisecond)
	fmt.Println("main done")
}
