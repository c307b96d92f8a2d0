package main

import (
	"context"
	"fmt"
	"sync"
)

func worker(ctx context.Context, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case out <- i:
		}
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(ctx, out, &wg)
	fmt.Println(<-out, <-out)
	cancel()
	wg.Wait()
	fmt.Println(ctx.Err())
}
