package main

import (
	"fmt"
	"sync"
	"time"
)

// Monitor sends heartbeats on a ticker until Stop; the ticker is stopped and
// the loop's exit is awaited.
type Monitor struct {
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	beats int
}

func StartMonitor(every time.Duration) *Monitor {
	m := &Monitor{stop: make(chan struct{}), done: make(chan struct{})}
	go m.loop(every)
	return m
}

func (m *Monitor) loop(every time.Duration) {
	defer close(m.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.mu.Lock()
			m.beats++
			m.mu.Unlock()
		case <-m.stop:
			return
		}
	}
}

func (m *Monitor) Stop() int {
	close(m.stop)
	<-m.done
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.beats
}

func main() {
	m := StartMonitor(2 * time.Millisecond)
	time.Sleep(9 * time.Millisecond)
	fmt.Println("beats sent:", m.Stop() > 0)
}
