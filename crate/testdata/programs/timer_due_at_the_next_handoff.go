// leakscope: deterministic
//
// A runner arms a 1 ns deadline, then hands three jobs to a worker one at
// a time and checks the deadline after each acknowledgement without
// waiting. The first handoff is a scheduling point where Go runs the due
// timer: the first check sees the deadline passed, the later ones find its
// channel drained.
package main

import (
	"fmt"
	"time"
)

func main() {
	deadline := time.NewTimer(time.Nanosecond)
	jobs := make(chan int)
	acks := make(chan int)
	go func() {
		for j := range jobs {
			acks <- j * 10
		}
	}()
	for j := 1; j <= 3; j++ {
		jobs <- j
		a := <-acks
		select {
		case <-deadline.C:
			fmt.Println("job", j, "ack", a, "after the deadline")
		default:
			fmt.Println("job", j, "ack", a, "no deadline news")
		}
	}
	close(jobs)
}
