package main

import (
	"errors"
	"fmt"
	"time"
)

type Reply struct {
	Seq  int
	Body string
}

type Client struct {
	latency time.Duration
}

var errTimeout = errors.New("rpc: call timed out")

func (c *Client) roundTrip(seq int) Reply {
	time.Sleep(c.latency)
	return Reply{Seq: seq, Body: "pong"}
}

// Call waits for the reply or the deadline, whichever comes first. When the
// deadline wins, the goroutine doing the round trip blocks forever on its
// send.
func (c *Client) Call(seq int, timeout time.Duration) (Reply, error) {
	done := make(chan Reply)
	go func() {
		done <- c.roundTrip(seq) // want "timeout-leak"
	}()
	select {
	case r := <-done:
		return r, nil
	case <-time.After(timeout):
		return Reply{}, errTimeout
	}
}

func main() {
	c := &Client{latency: 20 * time.Millisecond}
	_, err := c.Call(1, 2*time.Millisecond)
	fmt.Println(err)
	time.Sleep(40 * time.Millisecond)
}
