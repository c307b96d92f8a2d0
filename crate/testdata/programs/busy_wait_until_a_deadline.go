// leakscope: deterministic
//
// Two loops that burn the CPU until a deadline, reading the clock each
// round (a calibration, a spin before a retry), each while the other
// goroutine waits: nothing else changes while they spin, but Go's clock
// moves on, so both end. Not a livelock.
package main

import (
	"fmt"
	"time"
)

func spin(d time.Duration) int {
	rounds := 0
	start := time.Now()
	for time.Since(start) < d {
		rounds++
	}
	return rounds
}

func main() {
	done := make(chan bool)
	go func() {
		deadline := time.Now().Add(2 * time.Millisecond)
		for time.Now().Before(deadline) {
		}
		done <- true
	}()
	<-done
	fmt.Println("spun", spin(time.Millisecond) > 0)
	fmt.Println("done")
}
