// leakscope: deterministic
//
// A buffered channel as a counting semaphore: at most 2 downloads run at
// once. An atomic tracks the peak concurrency to show the limit holds.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

func download(url string) int {
	time.Sleep(2 * time.Millisecond)
	return len(url)
}

func main() {
	urls := []string{"a.com", "bb.org", "ccc.net", "dddd.io", "e.dev", "ff.app"}
	sem := make(chan struct{}, 2)
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	sizes := make([]int, len(urls))
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			sizes[i] = download(u)
			running.Add(-1)
		}()
	}
	wg.Wait()
	fmt.Println("sizes:", sizes)
	fmt.Println("peak concurrency within limit:", peak.Load() <= int32(cap(sem)), "| free slots:", cap(sem)-len(sem))
}
