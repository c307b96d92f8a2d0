package main

import "fmt"

// tryResult polls once for the worker's answer. The buffer of one lets the
// worker's send complete whichever runs first: when the select takes the
// default case, the value waits in the buffer and is collected with the
// channel.
func tryResult() {
	results := make(chan string, 1)
	go func() {
		results <- "done"
	}()
	select {
	case r := <-results:
		fmt.Println("got", r)
	default:
		fmt.Println("not ready, giving up")
	}
}

func main() {
	tryResult()
}
