// leakscope: deterministic
// leakscope: go-blind: the waiting goroutines' reply channels stay reachable from the package-level pending map
//
// RPC calls wait for their reply on a channel registered in a package-level
// map of pending requests. A reply that never arrives leaves the caller's
// goroutine waiting, and the map keeps its entry and channel forever.
package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	pendingMu sync.Mutex
	pending   = map[int]chan string{}
)

func call(id int, results chan<- string) {
	reply := make(chan string)
	pendingMu.Lock()
	pending[id] = reply
	pendingMu.Unlock()
	results <- fmt.Sprintf("call %d: %s", id, <-reply) // want "retained-global"
}

func deliver(id int, msg string) bool {
	pendingMu.Lock()
	reply, ok := pending[id]
	delete(pending, id)
	pendingMu.Unlock()
	if ok {
		reply <- msg
	}
	return ok
}

func main() {
	results := make(chan string, 3)
	for id := 1; id <= 3; id++ {
		go call(id, results)
	}
	time.Sleep(5 * time.Millisecond)
	deliver(1, "pong")
	deliver(3, "pong")
	first, second := <-results, <-results
	if first > second {
		first, second = second, first
	}
	fmt.Println(first)
	fmt.Println(second)
	time.Sleep(5 * time.Millisecond)
	pendingMu.Lock()
	fmt.Println("requests still pending:", len(pending))
	pendingMu.Unlock()
}
