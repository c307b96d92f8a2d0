// leakscope: deterministic
//
// Channel direction in signatures: the producer only sends, the consumer
// only receives, and the compiler enforces it.
package main

import "fmt"

type Temperature float64

func sensor(readings []Temperature, out chan<- Temperature) {
	defer close(out)
	for _, r := range readings {
		out <- r
	}
}

func average(in <-chan Temperature, result chan<- Temperature) {
	var sum Temperature
	n := 0
	for t := range in {
		sum += t
		n++
	}
	if n == 0 {
		result <- 0
		return
	}
	result <- sum / Temperature(n)
}

func main() {
	readings := make(chan Temperature)
	result := make(chan Temperature)
	go sensor([]Temperature{21.5, 22.0, 23.25, 19.75}, readings)
	go average(readings, result)
	fmt.Printf("average %.3f°C\n", float64(<-result))
}
