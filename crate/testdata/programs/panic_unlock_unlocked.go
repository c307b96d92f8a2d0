// leakscope: deterministic
//
// release unlocks a mutex that this path never locked. The runtime stops the
// program with "fatal error: sync: unlock of unlocked mutex".
package main

import (
	"fmt"
	"sync"
)

type Pool struct {
	mu    sync.Mutex
	conns int
}

func (p *Pool) acquire(fast bool) {
	if !fast {
		p.mu.Lock()
	}
	p.conns++
}

func (p *Pool) release() {
	p.conns--
	p.mu.Unlock() // want "panic"
}

func main() {
	p := &Pool{}
	p.acquire(false)
	p.release()
	fmt.Println("first round ok")
	p.acquire(true)
	p.release()
	fmt.Println("unreachable")
}
