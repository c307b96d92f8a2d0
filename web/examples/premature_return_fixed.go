package main

import (
	"errors"
	"fmt"
)

// fetch starts a worker and waits for its answer, unless the input is bad.
func fetch(id int) (string, error) {
	// Room for one value: the worker's send completes even when nobody
	// receives it, so the worker always finishes.
	result := make(chan string, 1)
	go func() {
		result <- fmt.Sprintf("record %d", id)
	}()
	if id < 0 {
		return "", errors.New("negative id")
	}
	return <-result, nil
}

func main() {
	for _, id := range []int{1, -1, 2} {
		record, err := fetch(id)
		fmt.Println(record, err)
	}
}
