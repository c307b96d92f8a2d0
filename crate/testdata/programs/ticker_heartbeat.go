// leakscope: deterministic
//
// A heartbeat goroutine ticks until it is told to stop; the ticker is
// stopped with defer and the goroutine signals that it has exited.
package main

import (
	"fmt"
	"time"
)

type Heartbeat struct {
	stop  chan struct{}
	done  chan int
	every time.Duration
}

func StartHeartbeat(every time.Duration) *Heartbeat {
	h := &Heartbeat{stop: make(chan struct{}), done: make(chan int), every: every}
	go h.run()
	return h
}

func (h *Heartbeat) run() {
	ticker := time.NewTicker(h.every)
	defer ticker.Stop()
	beats := 0
	for {
		select {
		case <-ticker.C:
			beats++
		case <-h.stop:
			h.done <- beats
			return
		}
	}
}

func (h *Heartbeat) Stop() int {
	close(h.stop)
	return <-h.done
}

func main() {
	h := StartHeartbeat(2 * time.Millisecond)
	time.Sleep(30 * time.Millisecond)
	beats := h.Stop()
	fmt.Println("heartbeat stopped; beat at least once:", beats > 0)
}
