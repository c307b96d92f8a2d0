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
	ch := make(chan string, 1)
	go func() {
		ch <- search("gopher")
	}()
	select {
	case r := <-ch:
		fmt.Println(r)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timed out")
	}
}
