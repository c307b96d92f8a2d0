package main

import "fmt"

// ids generates order ids until done is closed.
func ids(prefix string, done <-chan struct{}) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for n := 1; ; n++ {
			select {
			case out <- fmt.Sprintf("%s-%04d", prefix, n):
			case <-done:
				return
			}
		}
	}()
	return out
}

func main() {
	done := make(chan struct{})
	gen := ids("ORD", done)
	for i := 0; i < 3; i++ {
		fmt.Println(<-gen)
	}
	close(done)
	for range gen {
	}
}
