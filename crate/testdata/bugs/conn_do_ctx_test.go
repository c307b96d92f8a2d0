package conn

import (
	"context"
	"errors"
	"testing"
	"time"
)

type Response struct {
	Status int
}

type Conn struct {
	delay time.Duration
}

func (c *Conn) exchange(req string) Response {
	time.Sleep(c.delay)
	return Response{Status: 200}
}

// Do gives up when ctx is done, but the exchange goroutine then has nobody
// to hand its response to.
func (c *Conn) Do(ctx context.Context, req string) (Response, error) {
	result := make(chan Response)
	go func() {
		result <- c.exchange(req) // want "timeout-leak"
	}()
	select {
	case r := <-result:
		return r, nil
	case <-ctx.Done():
		return Response{}, ctx.Err()
	}
}

func TestDoDeadline(t *testing.T) {
	c := &Conn{delay: 5 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	// Either the response or the deadline may come first.
	_, err := c.Do(ctx, "GET /")
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	time.Sleep(10 * time.Millisecond)
}
