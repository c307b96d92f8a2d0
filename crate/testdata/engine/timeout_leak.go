package main

import (
	"fmt"
	"time"
)

func search(q string) string {
	time.Sleep(50 * time.Millisecond)
	return "result for " + q
}

func main() {
	ch := make(chan string)
	go func() {
		ch <- search("gopher") // want "leak"
	}()
	select {
	case r := <-ch:
		fmt.Println(r)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timed out")
	}
}
