// leakscope: deterministic
//
// A job's finish is called by the normal path and again by the retry path:
// the WaitGroup counter goes negative and Done panics.
package main

import (
	"fmt"
	"sync"
)

type Job struct {
	name string
	wg   *sync.WaitGroup
}

func (j *Job) finish() {
	fmt.Println("finished", j.name)
	j.wg.Done() // want "panic"
}

func main() {
	var wg sync.WaitGroup
	jobs := []*Job{{name: "a", wg: &wg}, {name: "b", wg: &wg}}
	wg.Add(len(jobs))
	for _, j := range jobs {
		j.finish()
	}
	// The retry path does not know job a already finished.
	jobs[0].finish()
	wg.Wait()
	fmt.Println("unreachable")
}
