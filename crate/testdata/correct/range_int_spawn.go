package main

import (
	"fmt"
	"sync"
)

const shards = 4

// Each shard goroutine owns one partition of the keys; range over an int
// starts them and a WaitGroup waits for them.
func main() {
	keys := []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"}
	parts := [shards][]string{}
	for i, k := range keys {
		parts[i%shards] = append(parts[i%shards], k)
	}
	sizes := make(chan int, shards)
	var wg sync.WaitGroup
	for s := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total := 0
			for _, k := range parts[s] {
				total += len(k)
			}
			sizes <- total
		}()
	}
	wg.Wait()
	close(sizes)
	sum := 0
	for n := range sizes {
		sum += n
	}
	fmt.Println(sum, "bytes of keys")
}
