// leakscope: deterministic
//
// The fix for lock_leak_early_return.go: `defer a.mu.Unlock()` right after
// Lock releases the mutex on every path.
package main

import (
	"errors"
	"fmt"
	"sync"
)

type Account struct {
	mu      sync.Mutex
	balance int
}

var errInsufficient = errors.New("insufficient funds")

func (a *Account) Withdraw(amount int) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if amount > a.balance {
		return errInsufficient
	}
	a.balance -= amount
	return nil
}

func (a *Account) Deposit(amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += amount
}

func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

func main() {
	acct := &Account{balance: 100}
	fmt.Println(acct.Withdraw(30))
	fmt.Println(acct.Withdraw(500))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		acct.Deposit(10)
	}()
	wg.Wait()
	fmt.Println("balance", acct.Balance())
}
