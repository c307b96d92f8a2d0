package main

import "fmt"

// 100,000 values through one channel (about 2 M steps of the engine), and
// only then the bug: main returns without taking the summer's result.
// The per-run budgets must reach the end of the loop.

func main() {
	ch := make(chan int)
	result := make(chan int)
	go func() {
		sum := 0
		for v := range ch {
			sum += v
		}
		result <- sum // want "leak"
	}()
	for i := 0; i < 100000; i++ {
		ch <- i
	}
	close(ch)
	fmt.Println("sent")
}
