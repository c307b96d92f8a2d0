package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Group runs tasks and keeps the first error, cancelling the others, like
// golang.org/x/sync/errgroup.
type Group struct {
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
	cancel  context.CancelFunc
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				g.cancel()
			})
		}
	}()
}

func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}

func fetch(ctx context.Context, name string, d time.Duration, fail bool) error {
	select {
	case <-time.After(d):
		if fail {
			return errors.New(name + ": 503")
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	g, ctx := WithContext(context.Background())
	g.Go(func() error { return fetch(ctx, "users", 2*time.Millisecond, false) })
	g.Go(func() error { return fetch(ctx, "orders", 3*time.Millisecond, true) })
	g.Go(func() error { return fetch(ctx, "invoices", 40*time.Millisecond, false) })
	fmt.Println(g.Wait())
}
