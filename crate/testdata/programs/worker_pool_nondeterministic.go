// leakscope: nondeterministic-output
//
// Workers print as they finish, so the order of lines changes from run to
// run. Everything is shut down cleanly.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := range jobs {
				time.Sleep(time.Duration(j%3) * time.Millisecond)
				fmt.Printf("worker %d finished job %d\n", id, j)
			}
		}(w)
	}
	for j := 1; j <= 6; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	fmt.Println("all jobs done")
}
