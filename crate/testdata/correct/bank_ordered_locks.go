package main

import (
	"errors"
	"fmt"
	"sync"
)

type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

var errInsufficient = errors.New("insufficient funds")

// Transfer locks both accounts in id order so concurrent opposite transfers
// cannot deadlock.
func Transfer(from, to *Account, amount int) error {
	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if from.balance < amount {
		return errInsufficient
	}
	from.balance -= amount
	to.balance += amount
	return nil
}

func main() {
	a := &Account{ID: 1, balance: 100}
	b := &Account{ID: 2, balance: 100}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); Transfer(a, b, 7) }()
		go func() { defer wg.Done(); Transfer(b, a, 3) }()
	}
	wg.Wait()
	fmt.Println("total:", a.balance+b.balance)
}
