package main

import "fmt"

// sum adds numbers sent by a consumer goroutine that ranges over the
// channel; nobody closes it, so the consumer waits for more forever.
func sum(numbers []int) {
	ch := make(chan int)
	done := make(chan struct{})
	total := 0
	go func() {
		for n := range ch {
			total += n
		}
		close(done)
	}()
	for _, n := range numbers {
		ch <- n
	}
	fmt.Println("sent", len(numbers), "numbers")
}

func main() {
	sum([]int{1, 2, 3})
}
