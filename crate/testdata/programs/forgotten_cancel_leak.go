// leakscope: deterministic
//
// watch starts a goroutine that stops when the context is cancelled. The
// cancel func is only called on the error path, so on success the watcher
// waits on ctx.Done() forever.
package main

import (
	"context"
	"errors"
	"fmt"
)

func watch(ctx context.Context, name string, events chan<- string) {
	<-ctx.Done() // want "forgotten-cancel"
	events <- name + " stopped: " + ctx.Err().Error()
}

func subscribe(topic string) error {
	ctx, cancel := context.WithCancel(context.Background()) // want "forgotten-cancel"
	events := make(chan string, 1)
	go watch(ctx, topic, events)
	if topic == "" {
		cancel()
		fmt.Println(<-events)
		return errors.New("empty topic")
	}
	fmt.Println("subscribed to", topic)
	return nil
}

func main() {
	fmt.Println(subscribe("orders"))
	fmt.Println(subscribe(""))
}
