// leakscope: nondeterministic-output
//
// Each attempt runs in a goroutine with a random latency; the caller waits
// 10ms per attempt and retries on timeout. Every attempt that times out
// leaves its goroutine blocked on the unbuffered send.
package main

import (
	"fmt"
	"math/rand"
	"time"
)

func attempt(n int) string {
	time.Sleep(time.Duration(8+rand.Intn(20)) * time.Millisecond)
	return fmt.Sprintf("attempt %d ok", n)
}

func callWithRetry(tries int) (string, error) {
	for n := 1; n <= tries; n++ {
		res := make(chan string)
		go func() { res <- attempt(n) }() // want "timeout-leak"
		select {
		case r := <-res:
			return r, nil
		case <-time.After(10 * time.Millisecond):
			fmt.Println("attempt", n, "timed out")
		}
	}
	return "", fmt.Errorf("gave up after %d tries", tries)
}

func main() {
	fmt.Println(callWithRetry(4))
	time.Sleep(40 * time.Millisecond)
}
