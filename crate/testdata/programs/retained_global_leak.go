// leakscope: deterministic
// leakscope: go-blind: the subscribers' channels stay reachable from a package-level map
//
// Every subscriber registers its channel in a package-level map and waits for
// messages. Nothing ever unsubscribes: the map keeps the channels, and with
// them the goroutines, alive for the life of the process.
package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	mu          sync.Mutex
	subscribers = map[int]chan string{}
	nextID      int
)

func subscribe() (int, <-chan string) {
	mu.Lock()
	defer mu.Unlock()
	nextID++
	ch := make(chan string, 1)
	subscribers[nextID] = ch
	return nextID, ch
}

func publish(msg string) {
	mu.Lock()
	defer mu.Unlock()
	for _, ch := range subscribers {
		ch <- msg
	}
}

func listen(id int, ch <-chan string, got chan<- string) {
	for msg := range ch { // want "retained-global"
		got <- fmt.Sprintf("%d:%s", id, msg)
	}
}

func main() {
	got := make(chan string, 4)
	for i := 0; i < 2; i++ {
		id, ch := subscribe()
		go listen(id, ch, got)
	}
	publish("hello")
	a, b := <-got, <-got
	fmt.Println(len(a)+len(b), "bytes delivered")
	time.Sleep(5 * time.Millisecond)
	mu.Lock()
	fmt.Println("subscribers still registered:", len(subscribers))
	mu.Unlock()
}
