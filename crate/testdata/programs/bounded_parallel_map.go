// leakscope: deterministic
//
// Parallel map with a bounded number of goroutines, results in input order,
// and an error per item instead of aborting.
package main

import (
	"errors"
	"fmt"
	"sync"
)

var errNegative = errors.New("negative input")

func isqrt(n int) (int, error) {
	if n < 0 {
		return 0, errNegative
	}
	r := 0
	for (r+1)*(r+1) <= n {
		r++
	}
	return r, nil
}

type outcome struct {
	val int
	err error
}

func parallelMap(in []int, limit int, f func(int) (int, error)) []outcome {
	out := make([]outcome, len(in))
	idx := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < limit; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				v, err := f(in[i])
				out[i] = outcome{v, err}
			}
		}()
	}
	for i := range in {
		idx <- i
	}
	close(idx)
	wg.Wait()
	return out
}

func main() {
	for i, o := range parallelMap([]int{16, 17, -4, 99, 100}, 2, isqrt) {
		if o.err != nil {
			fmt.Printf("%d: error %v\n", i, o.err)
			continue
		}
		fmt.Printf("%d: %d\n", i, o.val)
	}
}
