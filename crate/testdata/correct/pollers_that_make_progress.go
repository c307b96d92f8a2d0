// Two goroutines that never block on the channels they share: each polls
// with `select` and `default`, and a value goes back and forth through
// one-slot buffers until it reaches 5. They spin, but every round moves the
// value on, so the program ends.
package main

import "fmt"

func bounce(in <-chan int, out chan<- int, done chan<- struct{}) {
	for {
		select {
		case v := <-in:
			if v >= 5 {
				close(done)
				return
			}
			out <- v + 1
		default:
		}
	}
}

func main() {
	ping := make(chan int, 1)
	pong := make(chan int, 1)
	done := make(chan struct{})
	go bounce(ping, pong, done)
	ping <- 0
	for {
		select {
		case v := <-pong:
			ping <- v + 1
		case <-done:
			fmt.Println("done")
			return
		default:
		}
	}
}
