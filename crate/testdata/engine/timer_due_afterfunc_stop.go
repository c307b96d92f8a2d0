package main

import "time"

// Stop reports whether it stopped the timer before it fired. A 1 ns
// AfterFunc may already have fired (its function running in its own
// goroutine) when Stop is called; main then returns without taking the
// value, and the function waits forever.

func main() {
	fired := make(chan bool)
	t := time.AfterFunc(time.Nanosecond, func() {
		fired <- true // want "leak"
	})
	if t.Stop() {
		return
	}
}
