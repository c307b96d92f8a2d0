// leakscope: deterministic
//
// The fix for retained_global_leak.go: unsubscribe deletes the entry from
// the package-level map and closes the channel, so the listener returns.
package main

import (
	"fmt"
	"sync"
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

func unsubscribe(id int) {
	mu.Lock()
	defer mu.Unlock()
	if ch, ok := subscribers[id]; ok {
		delete(subscribers, id)
		close(ch)
	}
}

func publish(msg string) {
	mu.Lock()
	defer mu.Unlock()
	for _, ch := range subscribers {
		ch <- msg
	}
}

func listen(id int, ch <-chan string, got chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	for msg := range ch {
		got <- fmt.Sprintf("%d:%s", id, msg)
	}
}

func main() {
	got := make(chan string, 4)
	var wg sync.WaitGroup
	var ids []int
	for i := 0; i < 2; i++ {
		id, ch := subscribe()
		ids = append(ids, id)
		wg.Add(1)
		go listen(id, ch, got, &wg)
	}
	publish("hello")
	a, b := <-got, <-got
	fmt.Println(len(a)+len(b), "bytes delivered")
	for _, id := range ids {
		unsubscribe(id)
	}
	wg.Wait()
	fmt.Println("subscribers still registered:", len(subscribers))
}
