package main

import "fmt"

type Event struct {
	Key   string
	Value int
}

// watch streams every event of the log; the caller stops reading once it
// has found its key, and the streamer waits forever to hand over the next.
func watch(log []Event) <-chan Event {
	ch := make(chan Event)
	go func() {
		defer close(ch)
		for _, e := range log {
			ch <- e // want "send-after-reader-left"
		}
	}()
	return ch
}

func find(log []Event, key string) (int, bool) {
	for e := range watch(log) {
		if e.Key == key {
			return e.Value, true
		}
	}
	return 0, false
}

func main() {
	log := []Event{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}
	fmt.Println(find(log, "b"))
}
