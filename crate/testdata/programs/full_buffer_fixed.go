// leakscope: deterministic
//
// The fix for full_buffer_leak.go: the emitter never blocks; when the buffer
// is full it drops the event (select with default) and counts the drop.
package main

import (
	"fmt"
	"time"
)

type Event struct {
	Kind string
	At   int
}

func emit(events chan<- Event, kinds []string, dropped chan<- int) {
	n := 0
	for i, k := range kinds {
		select {
		case events <- Event{Kind: k, At: i}:
		default:
			n++
		}
	}
	dropped <- n
}

func main() {
	events := make(chan Event, 2)
	dropped := make(chan int, 1)
	go emit(events, []string{"start", "tick", "tick", "stop"}, dropped)

	n := <-dropped
	for len(events) > 0 {
		e := <-events
		fmt.Printf("%d: %s\n", e.At, e.Kind)
	}
	fmt.Println("dropped", n)
	time.Sleep(5 * time.Millisecond)
}
