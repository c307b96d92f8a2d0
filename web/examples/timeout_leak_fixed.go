package main

import (
	"fmt"
	"time"
)

func slowQuery() int {
	time.Sleep(2 * time.Second)
	return 42
}

// query gives up after one second; the buffered channel lets the late
// worker finish its send and exit.
func query() (int, error) {
	answer := make(chan int, 1)
	go func() {
		answer <- slowQuery()
	}()
	select {
	case v := <-answer:
		return v, nil
	case <-time.After(time.Second):
		return 0, fmt.Errorf("query timed out")
	}
}

func main() {
	v, err := query()
	fmt.Println(v, err)
	time.Sleep(3 * time.Second)
}
