// leakscope: deterministic
//
// A rate limiter with time.Tick: one request per tick. time.Tick's ticker
// cannot be stopped, but since Go 1.23 an unreferenced ticker is collected,
// so this is fine for a program-long limiter.
package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)

	limiter := time.Tick(2 * time.Millisecond)
	start := time.Now()
	for req := range requests {
		<-limiter
		fmt.Println("request", req)
	}
	fmt.Println("spread out:", time.Since(start) >= 8*time.Millisecond)
}
