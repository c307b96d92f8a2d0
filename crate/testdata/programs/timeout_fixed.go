// leakscope: deterministic
//
// The fix for timeout_leak.go: a buffer of one lets the late backend
// goroutine deposit its answer and exit, whether or not anyone reads it.
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
	ch := make(chan string, 1)
	go func() {
		ch <- slowBackend(q)
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
	res, err = queryWithTimeout("select 2", 300*time.Millisecond)
	fmt.Printf("result=%q err=%v\n", res, err)
	time.Sleep(100 * time.Millisecond)
	fmt.Println("shutting down")
}
