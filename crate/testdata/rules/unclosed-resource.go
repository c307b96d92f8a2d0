package main

import (
	"fmt"
	"time"
)

// poll starts a ticker and returns without stopping it.
func poll(times int) int {
	ticker := time.NewTicker(10 * time.Millisecond) // want "unclosed-resource"
	n := 0
	for range ticker.C {
		n++
		if n == times {
			return n
		}
	}
	return n
}

func main() {
	fmt.Println(poll(3))
}
