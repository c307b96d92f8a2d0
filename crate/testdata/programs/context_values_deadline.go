// leakscope: deterministic
//
// Request-scoped values travel in a context; a deadline bounds the whole
// request, and each step checks ctx.Err() before doing work.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	userKey
)

func step(ctx context.Context, name string, cost time.Duration) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s skipped: %w", name, err)
	}
	select {
	case <-time.After(cost):
		id, _ := ctx.Value(requestIDKey).(string)
		user, _ := ctx.Value(userKey).(string)
		fmt.Printf("[%s] %s done for %s\n", id, name, user)
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s interrupted: %w", name, ctx.Err())
	}
}

func handle(parent context.Context) error {
	ctx, cancel := context.WithDeadline(parent, time.Now().Add(60*time.Millisecond))
	defer cancel()
	ctx = context.WithValue(ctx, requestIDKey, "req-17")
	ctx = context.WithValue(ctx, userKey, "ada")
	for _, s := range []struct {
		name string
		cost time.Duration
	}{{"auth", time.Millisecond}, {"load", 2 * time.Millisecond}, {"render", time.Second}, {"audit", 0}} {
		if err := step(ctx, s.name, s.cost); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	err := handle(context.TODO())
	fmt.Println("error:", err)
	fmt.Println("deadline exceeded:", errors.Is(err, context.DeadlineExceeded))
}
