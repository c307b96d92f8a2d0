// leakscope: deterministic
//
// WithTimeout returns a cancel func that must be called to release the
// context's timer; this helper throws it away. No goroutine blocks, but the
// timer and context live until the deadline (go vet's lostcancel check).
package main

import (
	"context"
	"fmt"
	"time"
)

func remaining(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return -1
	}
	return time.Until(deadline).Round(time.Hour)
}

func withBudget(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, 2*time.Hour) // want "forgotten-cancel"
	return ctx
}

func main() {
	ctx := withBudget(context.Background())
	fmt.Println("budget:", remaining(ctx))
	fmt.Println("err before deadline:", ctx.Err())
}
