package main

import (
	"fmt"
	"sync"
	"time"
)

// process forgets wg.Done on the error path, so Wait never returns.
func process(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if it < 0 {
				return
			}
			fmt.Println(it * 2)
			wg.Done()
		}()
	}
	wg.Wait() // want "waitgroup-misuse"
}

func main() {
	go process([]int{1, -1})
	time.Sleep(10 * time.Millisecond)
	fmt.Println("main done")
}
