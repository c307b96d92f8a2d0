// The fix: a buffered channel lets the worker finish even if nobody reads.
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	go func() {
		ch <- compute()
	}()
	if err := validate(); err != nil {
		fmt.Println("invalid:", err)
		return
	}
	fmt.Println(<-ch)
}
