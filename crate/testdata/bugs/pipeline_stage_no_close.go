package main

import (
	"fmt"
	"strings"
)

// normalize is a pipeline stage that forgets to close its output: the
// next stage ranges over it forever.
func normalize(in []string) <-chan string {
	out := make(chan string)
	go func() {
		for _, s := range in {
			out <- strings.ToLower(strings.TrimSpace(s))
		}
	}()
	return out
}

func count(words <-chan string, total chan<- int) {
	n := 0
	for range words { // want "range-without-close"
		n++
	}
	total <- n
}

func main() {
	total := make(chan int, 1)
	go count(normalize([]string{" A", "b ", "C"}), total)
	select {
	case n := <-total:
		fmt.Println(n)
	default:
		fmt.Println("still counting")
	}
}
