package monitor

import (
	"testing"
	"time"
)

// Monitor beats on every tick. Close stops the ticker, but Stop never
// closes the ticker's channel: the beating goroutine waits on it forever.
type Monitor struct {
	ticker *time.Ticker
	beats  chan time.Time
}

func NewMonitor(every time.Duration) *Monitor {
	m := &Monitor{ticker: time.NewTicker(every), beats: make(chan time.Time, 1)}
	go m.loop()
	return m
}

func (m *Monitor) loop() {
	for now := range m.ticker.C { // want "range-without-close"
		select {
		case m.beats <- now:
		default:
		}
	}
}

func (m *Monitor) Close() {
	m.ticker.Stop()
}

func TestMonitorBeats(t *testing.T) {
	m := NewMonitor(time.Millisecond)
	<-m.beats
	m.Close()
}
