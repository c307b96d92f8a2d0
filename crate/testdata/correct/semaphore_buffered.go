package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// convert limits itself to three conversions at a time with a buffered
// channel used as a counting semaphore.
func convertAll(videos []string, limit int) int32 {
	sem := make(chan struct{}, limit)
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	for _, v := range videos {
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
			time.Sleep(2 * time.Millisecond)
			_ = v + ".mp4"
			running.Add(-1)
		}()
	}
	wg.Wait()
	return peak.Load()
}

func main() {
	peak := convertAll([]string{"intro", "demo", "q-and-a", "outro", "bloopers", "trailer"}, 3)
	fmt.Println("peak concurrency within limit:", peak <= 3)
}
