package main

import (
	"errors"
	"fmt"
)

// fetch starts a worker and waits for its answer, unless the input is bad.
func fetch(id int) (string, error) {
	result := make(chan string)
	go func() {
		// Nobody receives this when fetch returned early: the worker
		// blocks on the send forever.
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
