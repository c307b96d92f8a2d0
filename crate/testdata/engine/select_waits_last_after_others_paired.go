package main

import (
	"sync"
	"time"
)

// Found by the differential test (seed 5533): g3's select waits on both ends
// of c1. If it waits only after main and g2 have paired on c1, nobody is left
// to pair with it and it is stuck forever. The engine ran a wait that pairs
// with nobody yet at once, with no choice, so the select always waited first
// and paired with g2 or main: 4 schedules, "exhaustive", and the leak never
// seen (brute force: 696 schedules, the leak among them).
//
// search: exhaustive

func main() {
	c1 := make(chan int)
	var rw sync.RWMutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		rw.RLock()
		rw.RUnlock()
		c1 <- 1
		wg.Wait() // want "leak"
	}()
	go func() {
		select { // want "leak"
		case c1 <- 2:
		case <-c1:
		}
		<-c1
	}()
	time.Sleep(time.Nanosecond)
	<-c1 // want "deadlock"
}
