package main

import "fmt"

func main() {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range ch {
			fmt.Println("got", v)
		}
	}()
	ch <- 1
	ch <- 2
	close(ch)
	<-done
}
