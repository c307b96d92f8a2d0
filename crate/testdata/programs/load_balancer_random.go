// leakscope: nondeterministic-output
//
// A load balancer picks a backend at random (math/rand), so which backend
// serves which request changes from run to run. Every request is answered
// and every goroutine exits.
package main

import (
	"fmt"
	"math/rand"
	"sync"
)

type Backend struct {
	Name   string
	served int
	mu     sync.Mutex
}

func (b *Backend) Serve(req int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.served++
	return fmt.Sprintf("%s served request %d", b.Name, req)
}

func main() {
	backends := []*Backend{{Name: "b1"}, {Name: "b2"}, {Name: "b3"}}
	replies := make(chan string, 6)
	var wg sync.WaitGroup
	for req := 1; req <= 6; req++ {
		b := backends[rand.Intn(len(backends))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies <- b.Serve(req)
		}()
	}
	wg.Wait()
	close(replies)
	for r := range replies {
		fmt.Println(r)
	}
	total := 0
	for _, b := range backends {
		total += b.served
	}
	fmt.Println("total served:", total)
}
