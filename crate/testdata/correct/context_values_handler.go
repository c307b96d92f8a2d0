package main

import (
	"context"
	"fmt"
	"time"
)

type ctxKey string

const requestIDKey ctxKey = "request-id"

type handlerFunc func(ctx context.Context, path string) string

// withTimeout is middleware: every request gets a deadline, released when
// the handler returns.
func withTimeout(d time.Duration, next handlerFunc) handlerFunc {
	return func(ctx context.Context, path string) string {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return next(ctx, path)
	}
}

func withRequestID(id string, next handlerFunc) handlerFunc {
	return func(ctx context.Context, path string) string {
		return next(context.WithValue(ctx, requestIDKey, id), path)
	}
}

func show(ctx context.Context, path string) string {
	id, _ := ctx.Value(requestIDKey).(string)
	if _, ok := ctx.Deadline(); !ok {
		return "no deadline"
	}
	return id + " " + path
}

func main() {
	h := withRequestID("req-7f3a", withTimeout(50*time.Millisecond, show))
	fmt.Println(h(context.Background(), "/api/orders"))
}
