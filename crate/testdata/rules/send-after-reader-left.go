package main

import "fmt"

// firstEven reads until it finds an even number; the producer keeps sending.
func firstEven(nums []int) int {
	ch := make(chan int)
	go func() {
		for _, n := range nums {
			ch <- n // want "send-after-reader-left"
		}
		close(ch)
	}()
	for n := range ch {
		if n%2 == 0 {
			return n
		}
	}
	return -1
}

func main() {
	fmt.Println(firstEven([]int{1, 4, 5, 7}))
}
