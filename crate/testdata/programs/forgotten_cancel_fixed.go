// leakscope: deterministic
//
// The fix for forgotten_cancel_leak.go: `defer cancel()` releases the
// context on every path, and the watcher goroutine exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

func watch(ctx context.Context, name string, wg *sync.WaitGroup) {
	defer wg.Done()
	<-ctx.Done()
	_ = name
}

func subscribe(topic string) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wg.Add(1)
	go watch(ctx, topic, &wg)
	if topic == "" {
		return errors.New("empty topic")
	}
	fmt.Println("subscribed to", topic)
	return nil
}

func main() {
	fmt.Println(subscribe("orders"))
	fmt.Println(subscribe(""))
}
