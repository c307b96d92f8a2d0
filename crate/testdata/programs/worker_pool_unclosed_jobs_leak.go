// leakscope: deterministic
//
// The same pool, but the dispatcher forgets to close jobs. main reads the
// results it expects and returns; the workers wait for more jobs forever.
package main

import (
	"fmt"
)

type Job struct {
	ID int
	N  int
}

func fib(n int) int {
	a, b := 0, 1
	for range n {
		a, b = b, a+b
	}
	return a
}

func worker(id int, jobs <-chan Job, results chan<- [2]int) {
	for j := range jobs { // want "range-without-close"
		results <- [2]int{j.ID, fib(j.N)}
	}
}

func main() {
	jobs := make(chan Job, 10)
	results := make(chan [2]int, 10)
	for w := 1; w <= 3; w++ {
		go worker(w, jobs, results)
	}
	inputs := []int{10, 20, 30, 40}
	for i, n := range inputs {
		jobs <- Job{ID: i, N: n}
	}
	out := make([]int, len(inputs))
	for range inputs {
		r := <-results
		out[r[0]] = r[1]
	}
	fmt.Println(out)
}
