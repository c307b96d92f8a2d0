// leakscope: deterministic
//
// Workers loop until their context is cancelled; main lets them run a
// little, cancels, and waits for every worker to report that it stopped.
package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

func worker(ctx context.Context, id int, ops *atomic.Int64, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		default:
			ops.Add(1)
			time.Sleep(time.Millisecond)
		}
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	var ops atomic.Int64
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go worker(ctx, i, &ops, &wg)
	}
	time.Sleep(15 * time.Millisecond)
	cancel()
	wg.Wait()
	fmt.Println("workers stopped:", ctx.Err(), "| did work:", ops.Load() > 0)
}
