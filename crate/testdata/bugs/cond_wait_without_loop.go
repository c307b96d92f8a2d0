package main

import (
	"fmt"
	"sync"
	"time"
)

type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.cond.Broadcast()
	g.mu.Unlock()
}

// Wait waits for a Broadcast without looking at the condition first: a
// gate opened before Wait took the lock is never seen.
func (g *Gate) Wait() {
	g.mu.Lock()
	g.cond.Wait() // want "lock-leak"
	g.mu.Unlock()
}

func main() {
	g := NewGate()
	go func() {
		time.Sleep(5 * time.Millisecond)
		g.Wait()
		fmt.Println("through")
	}()
	g.Open()
	time.Sleep(20 * time.Millisecond)
}
