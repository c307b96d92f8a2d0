// leakscope: deterministic
//
// queryWithTimeout gives the slow backend 10ms. When the timeout wins, the
// backend goroutine later tries to send on the unbuffered channel and blocks
// forever: nobody will ever receive.
package main

import (
	"fmt"
	"time"
)

func slowBackend(q string) string {
	time.Sleep(50 * time.Millisecond)
	return "rows for " + q
}

func queryWithTimeout(q string, timeout time.Duration) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- slowBackend(q) // want "timeout-leak"
	}()
	select {
	case res := <-ch:
		return res, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("query %q: timed out after %v", q, timeout)
	}
}

func main() {
	res, err := queryWithTimeout("select 1", 10*time.Millisecond)
	fmt.Printf("result=%q err=%v\n", res, err)
	// The rest of the program keeps running long after the query gave up.
	time.Sleep(100 * time.Millisecond)
	fmt.Println("shutting down")
}
