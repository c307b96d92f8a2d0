// leakscope: deterministic
//
// The fix for pipeline_early_exit_leak.go: every stage selects on a context,
// and the consumer cancels when it has enough.
package main

import (
	"context"
	"fmt"
	"sync"
)

func gen(ctx context.Context, wg *sync.WaitGroup, nums ...int) <-chan int {
	out := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(out)
		for _, n := range nums {
			select {
			case out <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func sq(ctx context.Context, wg *sync.WaitGroup, in <-chan int) <-chan int {
	out := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(out)
		for n := range in {
			select {
			case out <- n * n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var got []int
	for v := range sq(ctx, &wg, gen(ctx, &wg, 1, 2, 3, 4, 5, 6, 7, 8)) {
		got = append(got, v)
		if len(got) == 3 {
			break
		}
	}
	cancel()
	wg.Wait()
	fmt.Println(got, "context:", ctx.Err())
}
