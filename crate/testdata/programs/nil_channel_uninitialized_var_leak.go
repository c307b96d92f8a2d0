// leakscope: deterministic
//
// results is declared with var and never made, so it is nil. Both the
// worker's send and the collector's receive block forever; main only sees
// its timeout.
package main

import (
	"fmt"
	"time"
)

func compute(n int) int {
	s := 0
	for i := 1; i <= n; i++ {
		s += i
	}
	return s
}

func main() {
	var results chan int
	go func() {
		results <- compute(100) // want "nil-channel"
	}()
	summary := make(chan string, 1)
	go func() {
		v := <-results // want "nil-channel"
		summary <- fmt.Sprint("sum = ", v)
	}()
	select {
	case s := <-summary:
		fmt.Println(s)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("no result; results channel is nil:", results == nil)
	}
}
