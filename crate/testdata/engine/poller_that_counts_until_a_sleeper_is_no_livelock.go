package main

// A poller that counts must stay silent when it waits for something that
// happens: main yields with Gosched, counting, until a sleeper sets the
// flag. A timer is pending while it spins, so time passes and the sleeper
// wakes.

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
)

func main() {
	var ready atomic.Bool
	go func() {
		time.Sleep(time.Millisecond)
		ready.Store(true)
	}()
	spins := 0
	for !ready.Load() {
		spins++
		runtime.Gosched()
	}
	fmt.Println(spins > 0)
}
