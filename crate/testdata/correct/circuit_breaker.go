package main

import (
	"errors"
	"fmt"
	"sync"
)

var errOpen = errors.New("circuit open")

// Breaker opens after maxFails consecutive failures; all state is guarded by
// one mutex that is never held across the call itself.
type Breaker struct {
	mu       sync.Mutex
	fails    int
	maxFails int
}

func (b *Breaker) Call(op func() error) error {
	b.mu.Lock()
	if b.fails >= b.maxFails {
		b.mu.Unlock()
		return errOpen
	}
	b.mu.Unlock()

	err := op()

	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.fails++
		return err
	}
	b.fails = 0
	return nil
}

func main() {
	b := &Breaker{maxFails: 3}
	var wg sync.WaitGroup
	var mu sync.Mutex
	rejected := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := b.Call(func() error { return errors.New("timeout talking to payments") })
			if errors.Is(err, errOpen) {
				mu.Lock()
				rejected++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println("some calls rejected:", rejected > 0 || b.fails >= 3)
}
