// leakscope: deterministic
//
// sync/atomic: the function style (AddInt64, LoadInt64, CompareAndSwapInt32)
// and the typed style (atomic.Bool, atomic.Int64), across many goroutines.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Stats struct {
	requests int64
	errors   atomic.Int64
	leader   int32
	ready    atomic.Bool
}

func main() {
	var s Stats
	var wg sync.WaitGroup
	winners := make(chan int, 10)
	for i := 1; i <= 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&s.requests, 1)
			if i%3 == 0 {
				s.errors.Add(1)
			}
			if atomic.CompareAndSwapInt32(&s.leader, 0, int32(i)) {
				winners <- i
			}
		}()
	}
	wg.Wait()
	s.ready.Store(true)
	close(winners)
	elected := 0
	for range winners {
		elected++
	}
	fmt.Println("requests:", atomic.LoadInt64(&s.requests))
	fmt.Println("errors:", s.errors.Load())
	fmt.Println("leaders elected:", elected, "ready:", s.ready.Load())
}
