// leakscope: deterministic
// leakscope: spins
//
// A cache waits for its loader with a busy poll that counts its attempts
// (`select` with `default`), but the loader first waits for a config that
// nobody ever sends. Only the poller can run, and its counter changes at
// every poll, so no state ever repeats: Go spins forever (it never reports
// "all goroutines are asleep"), and leakscope calls it a livelock.
package main

import "fmt"

type loaded struct {
	key   string
	value int
}

func startLoader(config <-chan string, out chan<- loaded) {
	go func() {
		prefix := <-config // want "orphan-receive"
		out <- loaded{key: prefix + "answer", value: 42}
	}()
}

func main() {
	config := make(chan string)
	out := make(chan loaded)
	startLoader(config, out)
	fmt.Println("waiting for the loader")
	attempts := 0
	for {
		select { // want "livelock"
		case l := <-out:
			fmt.Println(l.key, l.value, "after", attempts, "attempts")
			return
		default:
			attempts++
		}
	}
}
