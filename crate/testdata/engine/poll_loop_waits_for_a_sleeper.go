package main

import (
	"sync"
	"time"
)

// A loop polls a stop channel with `select { default: }` while a goroutine
// sleeps before closing it. Go's clock moves on while the loop spins, the
// sleeper closes the channel, and main returns, leaving the sender on leak
// blocked forever. leakscope spun at one instant: every run came back to a
// state on its own path and was cut before the sleeper ever ran, and the
// search said "0 schedules, exhaustive" with nothing found.
//
// search: exhaustive

func main() {
	var mu sync.Mutex
	stop := make(chan bool)
	leak := make(chan int)
	go func() { leak <- 1 }() // want "leak"
	go func() {
		time.Sleep(time.Millisecond)
		close(stop)
	}()
	for {
		select {
		case <-stop:
			return
		default:
			mu.Lock()
			mu.Unlock()
		}
	}
}
