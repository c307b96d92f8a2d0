package main

import "fmt"

// sum adds numbers sent to a consumer goroutine; closing the channel ends
// the consumer's range loop, and done tells sum the total is ready.
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
	close(ch)
	<-done
	fmt.Println("total", total)
}

func main() {
	sum([]int{1, 2, 3})
}
