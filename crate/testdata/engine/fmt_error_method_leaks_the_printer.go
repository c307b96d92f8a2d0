package main

// fmt.Println calls the error's own Error method, which waits for a reason
// that is never sent: the goroutine printing the error leaks inside Error.
//
// search: exhaustive

import "fmt"

type lateError struct{ reason chan string }

func (e *lateError) Error() string {
	return "failed: " + <-e.reason // want "leak"
}

func main() {
	var err error = &lateError{reason: make(chan string)}
	go func() {
		fmt.Println(err)
	}()
	fmt.Println("main returns")
}
