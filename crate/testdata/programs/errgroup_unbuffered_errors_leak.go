// leakscope: deterministic
//
// A hand-rolled "run all, return the first error" helper with an unbuffered
// error channel. It returns at the first error, and every other failing task
// blocks on its send.
package main

import (
	"fmt"
	"time"
)

func runAll(tasks map[string]time.Duration) error {
	errc := make(chan error)
	for name, d := range tasks {
		go func() {
			time.Sleep(d)
			errc <- fmt.Errorf("task %s failed", name) // want "premature-return"
		}()
	}
	for range tasks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func main() {
	err := runAll(map[string]time.Duration{
		"migrate": 1 * time.Millisecond,
		"index":   200 * time.Millisecond,
		"warm":    300 * time.Millisecond,
	})
	fmt.Println("first:", err)
	time.Sleep(400 * time.Millisecond)
}
