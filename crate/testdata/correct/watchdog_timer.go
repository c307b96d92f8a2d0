package main

import (
	"fmt"
	"time"
)

// watch resets its watchdog timer on every progress report and reports a
// stall if the timer fires; the timer is stopped when watch returns.
func watch(progress <-chan int, stall time.Duration) (last int, stalled bool) {
	wd := time.NewTimer(stall)
	defer wd.Stop()
	for {
		select {
		case p, ok := <-progress:
			if !ok {
				return last, false
			}
			last = p
			wd.Reset(stall)
		case <-wd.C:
			return last, true
		}
	}
}

func main() {
	progress := make(chan int)
	go func() {
		defer close(progress)
		for pct := 0; pct <= 100; pct += 25 {
			progress <- pct
			time.Sleep(time.Millisecond)
		}
	}()
	fmt.Println(watch(progress, 30*time.Millisecond))
}
