package main

// A worker spins with time.Sleep(0) (a yield, no time passes) waiting for a
// flag that main, blocked on the worker's done channel, would never set:
// main waits forever while the worker spins.
//
// search: exhaustive

import (
	"sync/atomic"
	"time"
)

func main() {
	var stop atomic.Bool
	done := make(chan bool)
	go func() {
		for !stop.Load() {
			time.Sleep(0) // want "livelock"
		}
		done <- true
	}()
	<-done // want "deadlock"
	stop.Store(true)
}
