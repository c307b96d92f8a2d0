package pool

import "sync"

// The caller adds to the WaitGroup before handing work to the pool: a
// method that only calls Done must not be run as if the counter were zero.

type Pool struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	tasks []func()
}

func (p *Pool) Go(f func()) {
	p.wg.Add(1)
	go p.run(f)
}

func (p *Pool) run(f func()) {
	defer p.wg.Done()
	f()
}

func (p *Pool) finish() {
	p.mu.Lock()
	p.tasks = nil
	p.mu.Unlock()
	p.wg.Done()
}

func (p *Pool) Wait() { p.wg.Wait() }
