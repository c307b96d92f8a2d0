package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

func get(m map[string]int, k string) int {
	mu.Lock()
	if v, ok := m[k]; ok {
		return v
	}
	mu.Unlock()
	return 0
}

func main() {
	m := map[string]int{"a": 1}
	fmt.Println(get(m, "a"))
	done := make(chan bool)
	go func() {
		mu.Lock()
		defer mu.Unlock()
		done <- true
	}()
	<-done // want "deadlock"
}
