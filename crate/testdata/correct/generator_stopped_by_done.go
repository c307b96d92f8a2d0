package main

import "fmt"

// countdown hands out n numbers until done is closed.
func countdown(n int, done <-chan struct{}) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := n; i > 0; i-- {
			select {
			case out <- i:
			case <-done:
				return
			}
		}
	}()
	return out
}

func main() {
	// The reader takes two of the four values and tells the generator to stop.
	done := make(chan struct{})
	ticks := countdown(4, done)
	fmt.Println(<-ticks)
	fmt.Println(<-ticks)
	close(done)
}
