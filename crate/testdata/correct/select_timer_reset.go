package main

import (
	"fmt"
	"time"
)

// debounce emits the last keystroke once the input has been quiet for wait;
// the timer is reset on every event and stopped on exit.
func debounce(events <-chan string, wait time.Duration) []string {
	var fired []string
	timer := time.NewTimer(wait)
	timer.Stop()
	defer timer.Stop()
	last := ""
	pending := false
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				if pending {
					fired = append(fired, last)
				}
				return fired
			}
			last, pending = ev, true
			timer.Reset(wait)
		case <-timer.C:
			fired = append(fired, last)
			pending = false
		}
	}
}

func main() {
	events := make(chan string)
	go func() {
		defer close(events)
		for _, q := range []string{"g", "go", "gol", "gola"} {
			events <- q
		}
		time.Sleep(15 * time.Millisecond)
		events <- "golang"
	}()
	fmt.Println(debounce(events, 5*time.Millisecond))
}
