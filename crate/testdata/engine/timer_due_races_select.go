package main

import "time"

// A timer of 1 ns is due at once, and Go fires a due timer at any
// scheduling point: the timeout can win the select before the worker
// sends, and the worker then waits forever on its unbuffered send.

func main() {
	results := make(chan int)
	timeout := time.After(time.Nanosecond)
	go func() { results <- 42 }() // want "leak"
	select {
	case <-results:
	case <-timeout:
	}
}
