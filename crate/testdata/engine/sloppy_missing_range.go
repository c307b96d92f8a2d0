// Pasted code with the `range` keyword forgotten: read as a range loop.
package main

import "fmt"

func main() {
	ch := make(chan int)
	go func() {
		ch <- 1
		ch <- 2
	}()
	for v := ch { // want "deadlock"
		fmt.Println(v)
	}
}
