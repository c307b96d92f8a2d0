// leakscope: deterministic
// leakscope: spins
//
// A producer that never blocks hands its result over with a try-send
// (`select` with `default`), and a consumer that never blocks takes it with
// a try-receive. On an unbuffered channel a send without a waiting receiver
// never happens, and a receive that does not wait is never waited on: both
// poll for ever, each for the other, and main waits for the consumer.
// Go spins and never reports "all goroutines are asleep".
package main

import "fmt"

func produce(out chan<- int, v int) {
	for {
		select { // want "livelock"
		case out <- v * v:
			return
		default:
			// Busy: try again.
		}
	}
}

func consume(in <-chan int, done chan<- int) {
	for {
		select { // want "livelock"
		case v := <-in:
			done <- v
			return
		default:
			// Nothing yet: look again.
		}
	}
}

func main() {
	results := make(chan int)
	done := make(chan int)
	go produce(results, 7)
	go consume(results, done)
	fmt.Println("waiting")
	fmt.Println("got", <-done) // want "deadlock"
}
