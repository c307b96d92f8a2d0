// leakscope: deterministic
//
// The fix for unclosed_timer_leak.go: stop the timer when waitFor returns.
// A second call shows Reset reusing one timer across waits.
package main

import (
	"errors"
	"fmt"
	"time"
)

var errSlow = errors.New("too slow")

func waitFor(results <-chan int, timer *time.Timer) (int, error) {
	select {
	case r := <-results:
		return r, nil
	case <-timer.C:
		return 0, errSlow
	}
}

func main() {
	timer := time.NewTimer(time.Minute)
	defer timer.Stop()

	results := make(chan int, 1)
	results <- 99
	v, err := waitFor(results, timer)
	fmt.Println(v, err)

	if !timer.Stop() {
		<-timer.C
	}
	timer.Reset(5 * time.Millisecond)
	v, err = waitFor(results, timer)
	fmt.Println(v, err)
}
