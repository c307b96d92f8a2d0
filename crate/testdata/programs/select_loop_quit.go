// leakscope: deterministic
//
// The classic for-select loop with a quit channel: a server goroutine serves
// requests until quit is closed, answering on per-request reply channels.
package main

import "fmt"

type request struct {
	key   string
	reply chan int
}

func serve(reqs <-chan request, quit <-chan struct{}, done chan<- int) {
	store := map[string]int{"apples": 3, "pears": 7}
	served := 0
	for {
		select {
		case r := <-reqs:
			r.reply <- store[r.key]
			served++
		case <-quit:
			done <- served
			return
		}
	}
}

func main() {
	reqs := make(chan request)
	quit := make(chan struct{})
	done := make(chan int)
	go serve(reqs, quit, done)
	for _, k := range []string{"apples", "pears", "plums"} {
		r := request{key: k, reply: make(chan int, 1)}
		reqs <- r
		fmt.Println(k, <-r.reply)
	}
	close(quit)
	fmt.Println("served", <-done, "requests")
}
