package main

import (
	"fmt"
	"sync"
)

type Order struct {
	ID    int
	Cents int
}

// One producer closes the channel; several consumers range over it and report
// their subtotals through a channel sized to the number of consumers.
func main() {
	orders := make(chan Order)
	subtotals := make(chan int, 3)
	var wg sync.WaitGroup
	for c := 0; c < 3; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum := 0
			for o := range orders {
				sum += o.Cents
			}
			subtotals <- sum
		}()
	}
	for id := 1; id <= 10; id++ {
		orders <- Order{ID: id, Cents: id * 100}
	}
	close(orders)
	wg.Wait()
	close(subtotals)
	total := 0
	for s := range subtotals {
		total += s
	}
	fmt.Println("revenue:", total)
}
