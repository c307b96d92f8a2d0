// leakscope: deterministic
//
// make(chan T, n) with a size Go cannot allocate panics ("makechan: size out
// of range") for a negative n and for one too large for memory; a buffer of
// empty structs takes no memory and any size is allowed.
package main

import "fmt"

func tryMake(n int) {
	defer func() { fmt.Println(n, "->", recover()) }()
	c := make(chan int, n)
	fmt.Println("cap", cap(c))
}

func main() {
	tryMake(3)
	tryMake(-1)
	tryMake(1 << 60)
	e := make(chan struct{}, 1<<40)
	fmt.Println(len(e))
}
