// leakscope: deterministic
//
// A worker goroutine indexes past the end of its slice. A panic in any
// goroutine kills the whole program; main never prints its last line.
package main

import (
	"fmt"
	"sync"
)

func nth(values []int, i int) int {
	return values[i] // want "panic"
}

func main() {
	values := []int{10, 20, 30}
	fmt.Println("second:", nth(values, 1))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		fmt.Println("fourth:", nth(values, 3))
		wg.Done()
	}()
	wg.Wait()
	fmt.Println("unreachable")
}
