package pool

import "sync"

// A receiver built by the package's constructor: `work` is made and has
// workers (at least one: a valid caller asks for some), and `stats.done`, in
// a nested struct, is made with room for one. Run on an empty receiver, `Do`
// waited forever for a worker and `Count` sent on a nil channel.

type Pool struct {
	work  chan func()
	wg    sync.WaitGroup
	stats struct {
		mu   sync.Mutex
		done chan int
	}
}

func NewPool(n int) *Pool {
	p := &Pool{work: make(chan func())}
	p.stats.done = make(chan int, 1)
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for f := range p.work {
		f()
	}
}

func (p *Pool) Do(f func()) {
	done := make(chan struct{})
	p.work <- func() {
		f()
		close(done)
	}
	<-done
}

func (p *Pool) Count() int {
	p.stats.done <- 1
	return <-p.stats.done
}

func (p *Pool) Close() {
	close(p.work)
	p.wg.Wait()
}
