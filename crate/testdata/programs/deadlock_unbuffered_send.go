// leakscope: deterministic
//
// main sends on an unbuffered channel before starting the goroutine that
// would receive. No other goroutine exists: the runtime reports a deadlock.
package main

import "fmt"

func printer(lines <-chan string, done chan<- bool) {
	for l := range lines {
		fmt.Println(l)
	}
	done <- true
}

func main() {
	lines := make(chan string)
	done := make(chan bool)
	lines <- "hello" // want "deadlock"
	go printer(lines, done)
	close(lines)
	<-done
}
