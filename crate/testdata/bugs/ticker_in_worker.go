package main

import (
	"fmt"
	"time"
)

type Flusher struct {
	quit    chan struct{}
	flushes int
}

// run flushes on every tick until quit is closed. Its ticker is never
// stopped.
func (f *Flusher) run() {
	t := time.NewTicker(time.Millisecond) // want "unclosed-resource"
	for {
		select {
		case <-t.C:
			f.flushes++
		case <-f.quit:
			return
		}
	}
}

func main() {
	f := &Flusher{quit: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		f.run()
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	close(f.quit)
	<-done
	fmt.Println("stopped")
}
