package main

import (
	"fmt"
	"sync"
)

type Metric struct {
	Name  string
	Value float64
}

// tee copies every metric to two outputs and closes both when the input ends.
func tee(in <-chan Metric) (<-chan Metric, <-chan Metric) {
	a, b := make(chan Metric), make(chan Metric)
	go func() {
		defer close(a)
		defer close(b)
		for m := range in {
			a, b := a, b
			for i := 0; i < 2; i++ {
				select {
				case a <- m:
					a = nil
				case b <- m:
					b = nil
				}
			}
		}
	}()
	return a, b
}

func main() {
	in := make(chan Metric)
	go func() {
		defer close(in)
		for i := 0; i < 4; i++ {
			in <- Metric{"cpu", float64(10 * i)}
		}
	}()
	toDisk, toNetwork := tee(in)
	var wg sync.WaitGroup
	var disk, network int
	wg.Add(2)
	go func() {
		defer wg.Done()
		for range toDisk {
			disk++
		}
	}()
	go func() {
		defer wg.Done()
		for range toNetwork {
			network++
		}
	}()
	wg.Wait()
	fmt.Println(disk, network)
}
