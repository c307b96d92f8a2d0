package main

// Found by the differential campaign (twin goroutines, seed 6774): two
// goroutines of one `go` statement each sleep 1 ns and call wg.Done on a
// counter of one. When both run before main returns, the second Done
// panics. main's last operation is a select with two ready cases; its
// return was recorded only after a goroutine's next transition, so the
// search let the others go first after the select instead of before it
// and called itself exhaustive without that run.
//
// search: exhaustive

import (
	"sync"
	"time"
)

func main() {
	c := make(chan int, 2)
	var wg sync.WaitGroup
	wg.Add(1)
	for i := 0; i < 2; i++ {
		go func() {
			time.Sleep(time.Nanosecond)
			wg.Done() // want "panic"
		}()
	}
	c <- 1
	select {
	case c <- 2:
	case <-c:
	}
}
