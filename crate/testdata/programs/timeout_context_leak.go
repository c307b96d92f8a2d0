// leakscope: deterministic
//
// A handler waits for the worker or for its context's deadline. After the
// deadline the worker's unbuffered send has no receiver left.
package main

import (
	"context"
	"fmt"
	"time"
)

type Report struct {
	Rows int
}

func buildReport(n int) Report {
	time.Sleep(40 * time.Millisecond)
	return Report{Rows: n * 10}
}

func handle(ctx context.Context, n int) (Report, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()

	done := make(chan Report)
	go func() {
		done <- buildReport(n) // want "timeout-leak"
	}()

	select {
	case r := <-done:
		return r, nil
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}
}

func main() {
	r, err := handle(context.Background(), 3)
	fmt.Println(r.Rows, err)
	time.Sleep(80 * time.Millisecond)
}
