package registry

import (
	"sync"
	"sync/atomic"
)

// A receiver built by the package's constructor: `current` always holds a
// snapshot, `updates` and `quit` are made, and the loop the constructor
// starts is counted in `wg`. Each method is correct for such a receiver.

type snapshot struct{ names []string }

type Registry struct {
	current atomic.Value
	wg      sync.WaitGroup
	quit    chan struct{}
	updates chan string
}

func NewRegistry() *Registry {
	r := &Registry{quit: make(chan struct{}), updates: make(chan string)}
	r.current.Store(&snapshot{})
	r.wg.Add(1)
	go r.loop()
	return r
}

func (r *Registry) loop() {
	defer r.wg.Done()
	for {
		select {
		case n := <-r.updates:
			old := r.current.Load().(*snapshot)
			r.current.Store(&snapshot{names: append(old.names, n)})
		case <-r.quit:
			return
		}
	}
}

func (r *Registry) Names() []string {
	return r.current.Load().(*snapshot).names
}

func (r *Registry) Len() int {
	s, ok := r.current.Load().(*snapshot)
	if !ok {
		panic("registry: not made by NewRegistry")
	}
	return len(s.names)
}

func (r *Registry) Add(name string) { r.updates <- name }

func (r *Registry) Close() {
	close(r.quit)
	r.wg.Wait()
}
