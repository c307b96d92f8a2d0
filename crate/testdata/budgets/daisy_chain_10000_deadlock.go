package main

import "fmt"

// The daisy chain from the classic talk, 10,000 goroutines long, with the
// first value never sent: every goroutine waits on its right neighbour and
// main waits on the leftmost channel. Go reports the deadlock in
// milliseconds; the search must not stop at the goroutine bound first.

func whisper(left, right chan int) {
	left <- 1 + <-right
}

func main() {
	const n = 10000
	leftmost := make(chan int)
	right := leftmost
	left := leftmost
	for i := 0; i < n; i++ {
		right = make(chan int)
		go whisper(left, right)
		left = right
	}
	fmt.Println(<-leftmost) // want "deadlock"
}
