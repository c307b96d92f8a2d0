package main

import (
	"errors"
	"fmt"
)

type Job struct {
	ID   int
	Path string
}

func process(j Job) error {
	if j.Path == "" {
		return fmt.Errorf("job %d: %w", j.ID, errors.New("empty path"))
	}
	return nil
}

// processAll runs every job in its own goroutine and returns the first
// error it sees. The workers still running after that have nobody left to
// hand their result to.
func processAll(jobs []Job) error {
	errc := make(chan error)
	for _, j := range jobs {
		go func(j Job) {
			errc <- process(j) // want "ncast-leak"
		}(j)
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func main() {
	jobs := []Job{{1, ""}, {2, "b"}, {3, "c"}, {4, ""}}
	fmt.Println(processAll(jobs) != nil)
}
