package main

import "fmt"

// tryResult polls once for the worker's answer. Whether the worker leaks
// depends on the schedule: when the worker reaches its send first, the select
// takes the value; when the select runs first, it takes the default case and
// nobody will ever receive the worker's value.
func tryResult() {
	results := make(chan string)
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
