package bank

import (
	"sync"
	"testing"
	"time"
)

type Account struct {
	mu      sync.Mutex
	balance int
}

// Transfer locks the source, then the destination: two transfers in
// opposite directions each hold one lock and wait for the other's.
func Transfer(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	time.Sleep(time.Millisecond)
	to.mu.Lock() // want "lock-leak: .*opposite orders"
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func TestTransfersBothWays(t *testing.T) {
	a, b := &Account{balance: 10}, &Account{balance: 10}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); Transfer(a, b, 1) }()
	go func() { defer wg.Done(); Transfer(b, a, 2) }()
	done := make(chan struct{})
	go func() {
		wg.Wait() // want "waitgroup-misuse"
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Millisecond):
		t.Log("transfers stuck")
	}
}
