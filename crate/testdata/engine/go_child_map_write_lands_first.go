package main

// A map write by the goroutine races with main's read of the same key: when
// the write lands first, main returns early and the goroutine's send on the
// unbuffered channel has no receiver any more.
//
// search: exhaustive

import "fmt"

type store struct{ m map[string]int }

func main() {
	s := &store{m: map[string]int{}}
	done := make(chan bool)
	go func() {
		s.m["a"] = 1
		done <- true // want "leak"
	}()
	if s.m["a"] == 1 {
		fmt.Println("early")
		return
	}
	<-done
}
