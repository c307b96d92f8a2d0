package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

var errUnavailable = errors.New("503 service unavailable")

// retry calls op until it succeeds, the attempts run out or ctx ends, waiting
// with a timer it stops before returning.
func retry(ctx context.Context, attempts int, base time.Duration, op func(int) error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = op(i); err == nil {
			return nil
		}
		t := time.NewTimer(base << i)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	return fmt.Errorf("after %d attempts: %w", attempts, err)
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := retry(ctx, 4, time.Millisecond, func(i int) error {
		if i < 2 {
			return errUnavailable
		}
		return nil
	})
	fmt.Println("first:", err)
	err = retry(ctx, 3, time.Millisecond, func(int) error { return errUnavailable })
	fmt.Println("second:", err)
}
