// leakscope: deterministic
//
// A channel that was declared but never made is closed: close of nil channel.
package main

import "fmt"

type Batch struct {
	items []int
	ready chan struct{}
}

func (b *Batch) Seal() {
	fmt.Println("sealing", len(b.items), "items")
	close(b.ready) // want "panic"
}

func main() {
	b := &Batch{items: []int{1, 2, 3}}
	b.Seal()
}
