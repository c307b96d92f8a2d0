// leakscope: deterministic
//
// Channels of declared types (`type out chan<- int` with a method, a
// receive-only `in`): sends, receives, range and select act on the channel
// underneath.
package main

import "fmt"

type in <-chan int
type out chan<- int

func (o out) Put(v int) { o <- v }

func produce(o out, n int) {
	for i := 0; i < n; i++ {
		o.Put(i)
	}
	close(o)
}

func main() {
	c := make(chan int)
	go produce(out(c), 3)
	for v := range in(c) {
		fmt.Println(v)
	}
	var r in = c
	select {
	case v, ok := <-r:
		fmt.Println(v, ok)
	}
}
