// leakscope: deterministic
//
// A send on a declared channel type that has methods: the first send fills
// the buffer, the second blocks forever and Go reports the deadlock.
package main

type out chan<- int

func (o out) M() {}

func main() {
	c := make(chan int, 1)
	o := out(c)
	o <- 5
	o <- 6 // want "deadlock"
}
