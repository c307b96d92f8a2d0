package main

// Polling alone is not a livelock when the loop makes progress: the counter
// changes the state at every poll, and the loop ends.
//
// search: exhaustive

import "fmt"

func main() {
	never := make(chan int)
	n := 0
	for i := 0; i < 5000; i++ {
		select {
		case <-never:
		default:
			n++
		}
	}
	fmt.Println(n)
}
