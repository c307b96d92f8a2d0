// leakscope: deterministic
//
// Events are queued in a buffer of 2 for a consumer that handles only the
// first two and then returns. The third send finds the buffer full forever.
package main

import (
	"fmt"
	"time"
)

type Event struct {
	Kind string
	At   int
}

func emit(events chan<- Event, kinds []string) {
	for i, k := range kinds {
		events <- Event{Kind: k, At: i} // want "full-buffer"
	}
	fmt.Println("emitter finished")
}

func main() {
	events := make(chan Event, 2)
	go emit(events, []string{"start", "tick", "tick", "tick", "tick", "stop"})

	for i := 0; i < 2; i++ {
		e := <-events
		fmt.Printf("%d: %s\n", e.At, e.Kind)
	}
	time.Sleep(30 * time.Millisecond)
	fmt.Println("len", len(events), "cap", cap(events))
}
