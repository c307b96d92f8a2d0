package main

import (
	"fmt"
	"strconv"
	"sync"
)

type Result struct {
	Input string
	Value int
	Err   error
}

// safeParse turns a panic in the parser into an error; the deferred Done
// still runs after the recover.
func safeParse(in string, out chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	defer func() {
		if r := recover(); r != nil {
			out <- Result{Input: in, Err: fmt.Errorf("parser panicked: %v", r)}
		}
	}()
	if in == "" {
		panic("empty input")
	}
	v, err := strconv.Atoi(in)
	out <- Result{Input: in, Value: v, Err: err}
}

func main() {
	inputs := []string{"42", "", "x7", "1000"}
	out := make(chan Result, len(inputs))
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go safeParse(in, out, &wg)
	}
	wg.Wait()
	close(out)
	failed := 0
	for r := range out {
		if r.Err != nil {
			failed++
		}
	}
	fmt.Println(failed, "of", len(inputs), "inputs rejected")
}
