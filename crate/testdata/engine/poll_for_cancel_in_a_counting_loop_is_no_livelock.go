package main

// A worker sums a range, checking for cancellation at every step with
// `select { default: }`, while main waits for the sum: the worker polls
// alone and its state changes at every poll, but the loop ends by its own
// count, and the run sees it end.
//
// search: exhaustive

import (
	"context"
	"fmt"
)

func sum(ctx context.Context, n int) int {
	total := 0
	for i := 0; i < n; i++ {
		select {
		case <-ctx.Done():
			return -1
		default:
		}
		total += i
	}
	return total
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan int)
	go func() { out <- sum(ctx, 2000) }()
	fmt.Println(<-out)
}
