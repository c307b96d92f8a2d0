package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type Session struct {
	id     int
	closed chan struct{}
}

func dial(id int) (*Session, error) {
	if id < 0 {
		return nil, errors.New("dial: bad id")
	}
	return &Session{id: id, closed: make(chan struct{})}, nil
}

// open starts a watcher that ends when ctx is cancelled; the error path
// returns without cancelling, so the watcher waits forever.
func open(id int) (*Session, error) {
	ctx, cancel := context.WithCancel(context.Background()) // want "forgotten-cancel"
	go func() {
		<-ctx.Done() // want "forgotten-cancel"
	}()
	s, err := dial(id)
	if err != nil {
		return nil, err
	}
	cancel()
	return s, nil
}

func main() {
	_, err := open(-1)
	fmt.Println(err)
	time.Sleep(5 * time.Millisecond)
}
