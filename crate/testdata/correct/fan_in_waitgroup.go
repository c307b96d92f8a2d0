package main

import (
	"fmt"
	"sync"
)

type LogLine struct {
	Service string
	Msg     string
}

func tail(service string, lines []string) <-chan LogLine {
	out := make(chan LogLine)
	go func() {
		defer close(out)
		for _, l := range lines {
			out <- LogLine{service, l}
		}
	}()
	return out
}

// merge forwards every input to one output and closes it when all inputs are
// drained.
func merge(inputs ...<-chan LogLine) <-chan LogLine {
	out := make(chan LogLine)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range in {
				out <- l
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func main() {
	all := merge(
		tail("api", []string{"GET /users 200", "POST /login 401"}),
		tail("worker", []string{"job 17 done"}),
		tail("db", []string{"checkpoint complete", "vacuum started"}),
	)
	n := 0
	for l := range all {
		n++
		_ = l.Msg
	}
	fmt.Println(n, "log lines")
}
