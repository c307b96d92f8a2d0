package main

import (
	"fmt"
	"sync"
)

func main() {
	var rw sync.RWMutex
	r := rw.RLocker()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Lock()
			defer r.Unlock()
		}()
	}
	wg.Wait()
	rw.Lock()
	fmt.Println("writer after readers")
	rw.Unlock()
}
