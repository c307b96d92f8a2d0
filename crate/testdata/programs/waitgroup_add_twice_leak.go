// leakscope: deterministic
//
// The batch adds the whole count up front and then, out of habit, once more
// per goroutine. The counter never reaches zero and the waiter is stuck.
package main

import (
	"fmt"
	"sync"
	"time"
)

func uploadAll(files []string) <-chan string {
	status := make(chan string, 1)
	var wg sync.WaitGroup
	wg.Add(len(files))
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = f
		}()
	}
	go func() {
		wg.Wait() // want "waitgroup-misuse"
		status <- fmt.Sprintf("uploaded %d files", len(files))
	}()
	return status
}

func main() {
	status := uploadAll([]string{"a.txt", "b.txt"})
	select {
	case s := <-status:
		fmt.Println(s)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("upload still pending")
	}
}
