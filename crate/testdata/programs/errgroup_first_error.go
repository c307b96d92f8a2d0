// leakscope: deterministic
//
// A hand-written errgroup: Go runs tasks, the first error cancels the shared
// context, Wait waits for all and returns the first error. No goroutine is
// left behind, even when a task fails.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

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

func fetch(ctx context.Context, url string, delay time.Duration, fail bool) error {
	select {
	case <-time.After(delay):
		if fail {
			return fmt.Errorf("fetch %s: %w", url, errors.New("503 service unavailable"))
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	g, ctx := WithContext(context.Background())
	g.Go(func() error { return fetch(ctx, "/a", 2*time.Millisecond, false) })
	g.Go(func() error { return fetch(ctx, "/b", 5*time.Millisecond, true) })
	g.Go(func() error { return fetch(ctx, "/c", time.Second, false) })
	fmt.Println("first error:", g.Wait())
	fmt.Println("context:", ctx.Err())
}
