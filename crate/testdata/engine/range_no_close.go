package main

import "fmt"

func main() {
	ch := make(chan int)
	go func() {
		for v := range ch { // want "leak"
			fmt.Println("got", v)
		}
	}()
	ch <- 1
	ch <- 2
}
