package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			if i == 1 {
				return
			}
			defer wg.Done()
			fmt.Println("worker", i)
		}(i)
	}
	wg.Wait() // want "deadlock"
}
