// leakscope: deterministic
//
// The consumer takes only the first three squares and stops reading. The
// squaring stage blocks on its next send, and the generator behind it blocks
// on its own send: two leaked goroutines.
package main

import "fmt"

func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n // want "send-after-reader-left"
		}
		close(out)
	}()
	return out
}

func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for n := range in {
			out <- n * n // want "send-after-reader-left"
		}
		close(out)
	}()
	return out
}

func firstN(in <-chan int, n int) []int {
	var got []int
	for v := range in {
		got = append(got, v)
		if len(got) == n {
			break
		}
	}
	return got
}

func main() {
	fmt.Println(firstN(sq(gen(1, 2, 3, 4, 5, 6, 7, 8)), 3))
}
