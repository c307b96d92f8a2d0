// leakscope: deterministic
//
// The loop adds one to the WaitGroup per task but the workers only call Done
// for successful tasks; main's Wait can never return and every goroutine is
// asleep.
package main

import (
	"fmt"
	"sync"
)

func runTasks(tasks []string) {
	fmt.Println("running", len(tasks), "tasks")
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			if t == "" {
				return
			}
			wg.Done()
		}()
	}
	wg.Wait() // want "deadlock"
}

func main() {
	runTasks([]string{"build", "", "test"})
	fmt.Println("all tasks done")
}
