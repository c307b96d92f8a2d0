package main

import (
	"fmt"
	"time"
)

func slowQuery() string {
	time.Sleep(50 * time.Millisecond)
	return "rows"
}

// query gives up after a timeout; the worker's send then has no receiver.
func query() (string, error) {
	result := make(chan string)
	go func() {
		result <- slowQuery() // want "timeout-leak"
	}()
	select {
	case r := <-result:
		return r, nil
	case <-time.After(10 * time.Millisecond):
		return "", fmt.Errorf("query timed out")
	}
}

func main() {
	_, err := query()
	fmt.Println(err)
}
