// leakscope: deterministic
//
// Two cleanup paths both close the done channel: the second close panics.
package main

import "fmt"

type Worker struct {
	done chan struct{}
}

func (w *Worker) Stop() {
	close(w.done) // want "panic"
}

func main() {
	w := &Worker{done: make(chan struct{})}
	defer w.Stop()
	fmt.Println("working")
	w.Stop()
	fmt.Println("stopped once")
}
