// leakscope: deterministic
//
// The fix for timeout_context_leak.go: the worker's send is a select that
// also watches ctx.Done(), so it gives up when the caller has.
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
		r := buildReport(n)
		select {
		case done <- r:
		case <-ctx.Done():
		}
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
