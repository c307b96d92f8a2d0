package main

import (
	"fmt"
	"sync"
)

var (
	mu       sync.Mutex
	sessions = map[int]chan string{}
)

// serve registers a session in a package-level map and never removes it.
func serve(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	inbox := make(chan string, 1)
	mu.Lock()
	sessions[id] = inbox // want "retained-global"
	mu.Unlock()
	inbox <- fmt.Sprint("hello ", id)
	fmt.Println(<-inbox)
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go serve(i, &wg)
	}
	wg.Wait()
}
