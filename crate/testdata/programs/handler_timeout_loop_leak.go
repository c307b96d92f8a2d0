// leakscope: deterministic
//
// A server loop calls a handler that starts a backend call per request and
// gives up after a timeout. Every timed-out request leaves one goroutine
// blocked on its send: three requests, three leaked goroutines, one line.
package main

import (
	"errors"
	"fmt"
	"time"
)

var errTimeout = errors.New("backend timeout")

func backend(id int) string {
	time.Sleep(30 * time.Millisecond)
	return fmt.Sprintf("response %d", id)
}

func handle(id int) (string, error) {
	resp := make(chan string)
	go func() { resp <- backend(id) }() // want "timeout-leak"
	select {
	case r := <-resp:
		return r, nil
	case <-time.After(2 * time.Millisecond):
		return "", errTimeout
	}
}

func main() {
	failures := 0
	for id := 1; id <= 3; id++ {
		if _, err := handle(id); err != nil {
			failures++
		}
	}
	fmt.Println("failed requests:", failures)
	time.Sleep(60 * time.Millisecond)
}
