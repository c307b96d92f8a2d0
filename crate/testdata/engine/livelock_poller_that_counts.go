package main

// main polls for a result with `select { default: }` and counts its polls,
// while the only goroutine that could send it waits forever on a channel
// nobody sends on. The counter changes the state at every poll, so no state
// ever repeats; but nothing except main can run and no timer is pending, so
// nothing main polls for can ever happen: Go spins forever. The run is cut
// (not exhaustive: the loop could only stop by its own count) and said to
// be a livelock.

import "fmt"

func main() {
	result := make(chan int)
	never := make(chan int)
	go func() {
		<-never // want "leak"
		result <- 42
	}()
	polls := 0
	for {
		select { // want "livelock"
		case v := <-result:
			fmt.Println(v, polls)
			return
		default:
			polls++
		}
	}
}
