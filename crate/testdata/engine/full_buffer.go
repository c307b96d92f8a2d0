package main

import "time"

func main() {
	ch := make(chan int, 1)
	go func() {
		ch <- 1
		ch <- 2 // want "leak"
	}()
	time.Sleep(time.Millisecond)
}
