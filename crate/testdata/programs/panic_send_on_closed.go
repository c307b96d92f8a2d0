// leakscope: deterministic
//
// Shutdown closes the jobs channel while Submit can still be called: the
// late Submit panics with "send on closed channel".
package main

import "fmt"

type Queue struct {
	jobs chan string
}

func (q *Queue) Submit(j string) {
	q.jobs <- j // want "panic"
}

func (q *Queue) Shutdown() []string {
	close(q.jobs)
	var left []string
	for j := range q.jobs {
		left = append(left, j)
	}
	return left
}

func main() {
	q := &Queue{jobs: make(chan string, 4)}
	q.Submit("resize")
	q.Submit("encode")
	fmt.Println("drained:", q.Shutdown())
	q.Submit("late job")
	fmt.Println("unreachable")
}
