package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type Answer struct {
	Resolver string
	IP       string
}

func resolve(ctx context.Context, resolver string, delay time.Duration) (Answer, error) {
	select {
	case <-time.After(delay):
		return Answer{resolver, "93.184.216.34"}, nil
	case <-ctx.Done():
		return Answer{}, ctx.Err()
	}
}

// lookup races the resolvers, keeps the first answer and cancels the rest;
// the channel has room for every resolver and main waits for all of them.
func lookup(resolvers map[string]time.Duration) Answer {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	answers := make(chan Answer, len(resolvers))
	var wg sync.WaitGroup
	for name, delay := range resolvers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if a, err := resolve(ctx, name, delay); err == nil {
				answers <- a
			}
		}()
	}
	first := <-answers
	cancel()
	wg.Wait()
	return first
}

func main() {
	a := lookup(map[string]time.Duration{"1.1.1.1": time.Millisecond, "8.8.8.8": 20 * time.Millisecond, "9.9.9.9": 30 * time.Millisecond})
	fmt.Println(a.IP)
}
