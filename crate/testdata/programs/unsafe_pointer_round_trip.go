// leakscope: deterministic
//
// A pointer converted to unsafe.Pointer and back, `(*T)(p)`, is the same
// pointer: the value read through it and the channel handed through it are
// the program's own, not values given to unknown code.
package main

import (
	"fmt"
	"unsafe"
)

type box struct {
	n    int
	done chan struct{}
}

func main() {
	x := 42
	p := unsafe.Pointer(&x)
	*(*int)(p) += 1
	fmt.Println(x, *(*int)(p), p != nil)

	b := &box{n: 7, done: make(chan struct{})}
	raw := unsafe.Pointer(b)
	go func() {
		back := (*box)(raw)
		back.n *= 6
		close(back.done)
	}()
	<-b.done
	fmt.Println(b.n)
}
