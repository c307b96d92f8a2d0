package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Stats struct {
	requests atomic.Int64
	errors   atomic.Int64
	bytes    atomic.Uint64
}

func (s *Stats) record(status int, size uint64) {
	s.requests.Add(1)
	if status >= 500 {
		s.errors.Add(1)
	}
	s.bytes.Add(size)
}

// Handlers update shared counters with atomics instead of a mutex.
func main() {
	var stats Stats
	var wg sync.WaitGroup
	statuses := []int{200, 200, 503, 404, 200, 500, 200}
	for i, st := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats.record(st, uint64(100*(i+1)))
		}()
	}
	wg.Wait()
	fmt.Println(stats.requests.Load(), "requests,", stats.errors.Load(), "errors,", stats.bytes.Load(), "bytes")
}
