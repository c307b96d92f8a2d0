package main

import (
	"fmt"
	"sync"
)

// lifecycle is embedded by services: it owns the quit channel and the
// WaitGroup, and its promoted Stop method shuts any of them down.
type lifecycle struct {
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

func newLifecycle() lifecycle { return lifecycle{quit: make(chan struct{})} }

func (l *lifecycle) spawn(f func(quit <-chan struct{})) {
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		f(l.quit)
	}()
}

func (l *lifecycle) Stop() {
	l.once.Do(func() { close(l.quit) })
	l.wg.Wait()
}

type Indexer struct {
	lifecycle
	docs    chan string
	indexed int
}

func NewIndexer() *Indexer {
	ix := &Indexer{lifecycle: newLifecycle(), docs: make(chan string)}
	ix.spawn(ix.run)
	return ix
}

func (ix *Indexer) run(quit <-chan struct{}) {
	for {
		select {
		case <-ix.docs:
			ix.indexed++
		case <-quit:
			return
		}
	}
}

func main() {
	ix := NewIndexer()
	for _, d := range []string{"README.md", "CHANGELOG.md", "docs/intro.md"} {
		ix.docs <- d
	}
	ix.Stop()
	ix.Stop()
	fmt.Println(ix.indexed, "documents indexed")
}
