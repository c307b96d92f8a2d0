// leakscope: deterministic
//
// The fix for send_after_reader_left_leak.go: the consumer closes a done
// channel when it leaves, and the generator selects on it.
package main

import "fmt"

func generate(done <-chan struct{}, limit int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 2; i < limit; i++ {
			select {
			case out <- i:
			case <-done:
				return
			}
		}
	}()
	return out
}

func firstMultipleOf(k int) int {
	done := make(chan struct{})
	defer close(done)
	for n := range generate(done, 1000) {
		if n%k == 0 {
			return n
		}
	}
	return -1
}

func main() {
	fmt.Println("first multiple of 7:", firstMultipleOf(7))
	fmt.Println("first multiple of 5:", firstMultipleOf(5))
}
