// leakscope: deterministic
//
// A generator streams numbers to a consumer that stops after it has found
// what it wants. The generator's next send has no reader any more.
package main

import "fmt"

func generate(limit int) <-chan int {
	out := make(chan int)
	go func() {
		for i := 2; i < limit; i++ {
			out <- i // want "send-after-reader-left"
		}
		close(out)
	}()
	return out
}

func firstMultipleOf(k int) int {
	for n := range generate(1000) {
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
