package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Conn wakes readers when the request context ends by registering a cleanup
// with context.AfterFunc; the stop function unregisters it when the read
// finishes first.
type Conn struct {
	mu     sync.Mutex
	closed bool
}

func (c *Conn) abort() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

func (c *Conn) Read(ctx context.Context, d time.Duration) error {
	stop := context.AfterFunc(ctx, c.abort)
	defer stop()
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	c := &Conn{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	fmt.Println(c.Read(ctx, time.Millisecond))
	short, cancelShort := context.WithTimeout(context.Background(), 2*time.Millisecond)
	defer cancelShort()
	fmt.Println(c.Read(short, 30*time.Millisecond))
	time.Sleep(5 * time.Millisecond)
	c.mu.Lock()
	fmt.Println("aborted:", c.closed)
	c.mu.Unlock()
}
