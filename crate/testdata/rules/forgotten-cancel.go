package main

import (
	"context"
	"errors"
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

// run cancels its context on the success path only.
func run(fail bool) error {
	ctx, cancel := context.WithCancel(context.Background()) // want "forgotten-cancel"
	out := make(chan string, 1)
	go worker(ctx, out)
	if fail {
		return errors.New("setup failed")
	}
	cancel()
	fmt.Println(<-out)
	return nil
}

func main() {
	fmt.Println(run(false))
	fmt.Println(run(true))
}
