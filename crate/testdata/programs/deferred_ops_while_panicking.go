// leakscope: nondeterministic-output
//
// A function deferred while a panic unwinds runs like any other: it can
// lock a mutex, send to a goroutine that waits for the news, and recover.
// The explorer once mistook such a deferred call for part of the unwinding
// and spun at its first operation ("livelock") instead of running it.
package main

import (
	"fmt"
	"sync"
)

type pool struct {
	mu       sync.Mutex
	released int
}

func (p *pool) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.released++
}

func (p *pool) run(job func(), events chan<- string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job panicked: %v", r)
		}
	}()
	// Runs first, while the job's panic is still unwinding.
	defer func() {
		p.release()
		events <- "finished"
	}()
	job()
	return nil
}

func main() {
	p := &pool{}
	events := make(chan string)
	done := make(chan struct{})
	go func() {
		for e := range events {
			fmt.Println("event:", e)
		}
		close(done)
	}()
	fmt.Println("first:", p.run(func() {}, events))
	fmt.Println("second:", p.run(func() { panic("driver failed") }, events))
	close(events)
	<-done
	p.mu.Lock()
	fmt.Println("released:", p.released)
	p.mu.Unlock()
}
