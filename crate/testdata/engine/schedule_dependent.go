package main

import "fmt"

// Whether the sender leaks depends on the schedule: if it reaches its send
// before main's select, the value is taken; otherwise main takes the default
// and the sender blocks forever.
func main() {
	ch := make(chan int)
	go func() { ch <- 1 }() // want "leak"
	select {
	case v := <-ch:
		fmt.Println("got", v)
	default:
		fmt.Println("nothing yet")
	}
}
