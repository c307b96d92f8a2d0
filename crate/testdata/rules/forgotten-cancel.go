package main

import (
	"context"
	"fmt"
	"time"
)

func worker(ctx context.Context, out chan<- string) {
	select {
	case <-ctx.Done():
		out <- "cancelled"
	case <-time.After(time.Hour):
		out <- "finished"
	}
}

// run derives a context but never calls its cancel function.
func run() {
	ctx, cancel := context.WithCancel(context.Background()) // want "forgotten-cancel"
	_ = cancel
	out := make(chan string, 1)
	go worker(ctx, out)
	fmt.Println("started")
}

func main() {
	run()
}
