package main

import (
	"fmt"
	"time"
)

// A long timeout and a worker with a buffered result: whichever wins, the
// worker's send completes. Stays silent.

func main() {
	results := make(chan int, 1)
	go func() { results <- 42 }()
	select {
	case r := <-results:
		fmt.Println(r)
	case <-time.After(time.Second):
		fmt.Println("timeout")
	}
	t := time.NewTimer(time.Nanosecond)
	<-t.C
	fmt.Println("tick")
}
