// leakscope: deterministic
//
// A `var ( ... )` group inside a function declares its names in the
// function's scope: the value is printed, then main waits forever.
package main

import "fmt"

func main() {
	var (
		ch   = make(chan int)
		done = make(chan bool)
	)
	go func() { ch <- 1 }()
	fmt.Println(<-ch)
	<-done // want "deadlock"
}
