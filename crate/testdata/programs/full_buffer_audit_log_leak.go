// leakscope: deterministic
//
// The audit writer stops draining its buffered queue when the context is
// cancelled, but the service keeps auditing. Once the three free slots are
// used, the next audit call blocks forever.
package main

import (
	"context"
	"fmt"
	"time"
)

type Auditor struct {
	queue chan string
}

func (a *Auditor) run(ctx context.Context, written chan<- int) {
	n := 0
	for {
		select {
		case <-a.queue:
			n++
		case <-ctx.Done():
			written <- n
			return
		}
	}
}

func (a *Auditor) Record(event string) {
	a.queue <- event // want "full-buffer"
}

func serve(a *Auditor, requests int) {
	for i := 1; i <= requests; i++ {
		a.Record(fmt.Sprintf("request %d", i))
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	a := &Auditor{queue: make(chan string, 3)}
	written := make(chan int, 1)
	go a.run(ctx, written)
	serve(a, 2)
	time.Sleep(20 * time.Millisecond)
	cancel()
	fmt.Println("audit writer stopped after", <-written, "events")

	go serve(a, 5)
	time.Sleep(10 * time.Millisecond)
	fmt.Println("queued but never written:", len(a.queue))
}
