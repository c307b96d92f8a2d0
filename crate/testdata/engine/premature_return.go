// Premature return: the receiver returns early on an error path; the
// worker's send on the unbuffered channel then blocks forever.
package main

import "fmt"

func main() {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "leak"
	}()
	if err := validate(); err != nil {
		fmt.Println("invalid:", err)
		return
	}
	fmt.Println(<-ch)
}
