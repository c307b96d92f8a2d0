package main

import (
	"context"
	"fmt"
	"sync"
)

func source(ctx context.Context, wg *sync.WaitGroup) <-chan int {
	out := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(out)
		for i := 1; ; i++ {
			select {
			case out <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func double(ctx context.Context, in <-chan int, wg *sync.WaitGroup) <-chan int {
	out := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(out)
		for v := range in {
			select {
			case out <- v * 2:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// The consumer stops early and cancels; every stage selects on ctx.Done and
// exits, and main waits for them.
func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	evens := double(ctx, source(ctx, &wg), &wg)
	sum := 0
	for v := range evens {
		sum += v
		if v >= 20 {
			break
		}
	}
	cancel()
	wg.Wait()
	fmt.Println("sum:", sum)
}
