package main

import "fmt"

// produce fills a small buffer that the consumer stops draining.
func produce(n int) {
	events := make(chan int, 2)
	go func() {
		for i := 0; i < n; i++ {
			events <- i // want "full-buffer"
		}
	}()
	fmt.Println("first event", <-events)
}

func main() {
	produce(5)
}
