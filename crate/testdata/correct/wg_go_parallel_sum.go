package main

import (
	"fmt"
	"sync"
)

// sumChunks splits the slice into chunks summed in parallel with
// WaitGroup.Go; each goroutine writes its own slot.
func sumChunks(nums []int, chunks int) int {
	partial := make([]int, chunks)
	size := (len(nums) + chunks - 1) / chunks
	var wg sync.WaitGroup
	for c := 0; c < chunks; c++ {
		lo, hi := c*size, min((c+1)*size, len(nums))
		if lo >= hi {
			continue
		}
		wg.Go(func() {
			for _, n := range nums[lo:hi] {
				partial[c] += n
			}
		})
	}
	wg.Wait()
	total := 0
	for _, p := range partial {
		total += p
	}
	return total
}

func main() {
	nums := make([]int, 1000)
	for i := range nums {
		nums[i] = i + 1
	}
	fmt.Println(sumChunks(nums, 4))
}
