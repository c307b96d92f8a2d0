// leakscope: deterministic
//
// Fan-in: several sources write into one channel; a WaitGroup tells when all
// of them are done so the merged channel can be closed.
package main

import (
	"fmt"
	"sync"
)

func source(name string, n int) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			out <- fmt.Sprintf("%s-%d", name, i)
		}
	}()
	return out
}

func fanIn(inputs ...<-chan string) <-chan string {
	merged := make(chan string)
	var wg sync.WaitGroup
	wg.Add(len(inputs))
	for _, in := range inputs {
		go func(c <-chan string) {
			defer wg.Done()
			for v := range c {
				merged <- v
			}
		}(in)
	}
	go func() {
		wg.Wait()
		close(merged)
	}()
	return merged
}

func main() {
	perSource := map[byte]int{}
	total := 0
	for v := range fanIn(source("a", 3), source("b", 2), source("c", 4)) {
		perSource[v[0]]++
		total++
	}
	fmt.Println("total", total, "a", perSource['a'], "b", perSource['b'], "c", perSource['c'])
}
