// leakscope: deterministic
//
// Receiving from a closed channel: buffered values come out first, then the
// zero value with ok == false, immediately and forever.
package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	fmt.Println("len after close:", len(ch), "cap:", cap(ch))
	for i := 0; i < 4; i++ {
		v, ok := <-ch
		fmt.Printf("receive %d: v=%d ok=%t\n", i, v, ok)
	}

	done := make(chan struct{})
	close(done)
	select {
	case <-done:
		fmt.Println("closed channel is always ready")
	default:
		fmt.Println("unreachable")
	}

	var nilCh chan int
	select {
	case v := <-nilCh:
		fmt.Println("unreachable", v)
	default:
		fmt.Println("nil channel is never ready; len", len(nilCh), "cap", cap(nilCh))
	}
}
