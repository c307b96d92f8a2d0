package main

import (
	"fmt"
	"time"
)

// ask waits for an answer or a quit signal; the worker watches quit too, so
// it never stays blocked on its send when the caller has given up.
func ask(quit chan struct{}) (int, bool) {
	answer := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		select {
		case answer <- 42:
		case <-quit:
		}
	}()
	select {
	case <-quit:
		return 0, false
	case a := <-answer:
		return a, true
	}
}

func main() {
	quit := make(chan struct{})
	close(quit)
	fmt.Println(ask(quit))
	time.Sleep(20 * time.Millisecond)
}
