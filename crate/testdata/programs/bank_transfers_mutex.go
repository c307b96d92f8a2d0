// leakscope: deterministic
//
// A bank with per-account mutexes, transfers in a consistent lock order,
// many concurrent transfers, and a total that must be conserved.
package main

import (
	"errors"
	"fmt"
	"sync"
)

type Account struct {
	mu      sync.Mutex
	id      int
	balance float64
}

type Bank struct {
	accounts []*Account
}

var ErrFunds = errors.New("insufficient funds")

func (b *Bank) Transfer(from, to int, amount float64) error {
	if from == to {
		return nil
	}
	a, c := b.accounts[from], b.accounts[to]
	first, second := a, c
	if c.id < a.id {
		first, second = c, a
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if a.balance < amount {
		return ErrFunds
	}
	a.balance -= amount
	c.balance += amount
	return nil
}

func (b *Bank) Total() float64 {
	t := 0.0
	for _, a := range b.accounts {
		a.mu.Lock()
		t += a.balance
		a.mu.Unlock()
	}
	return t
}

func main() {
	bank := &Bank{}
	for i := range 4 {
		bank.accounts = append(bank.accounts, &Account{id: i, balance: 100})
	}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = bank.Transfer(i%4, (i*3+1)%4, float64(i%7)+0.5)
		}()
	}
	wg.Wait()
	fmt.Printf("total %.2f\n", bank.Total())
}
