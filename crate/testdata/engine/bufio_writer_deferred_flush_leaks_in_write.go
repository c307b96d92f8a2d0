package main

// A worker writes its report through a bufio.Writer and flushes it in a
// deferred call. The flush calls the program's Write, which sends on a
// channel main never reads: the worker leaks inside Write, called by the
// deferred Flush, once main has returned.
//
// search: exhaustive

import (
	"bufio"
	"fmt"
	"time"
)

type lineSink chan string

func (s lineSink) Write(p []byte) (int, error) {
	s <- string(p) // want "leak"
	return len(p), nil
}

func main() {
	out := make(lineSink)
	go func() {
		w := bufio.NewWriter(out)
		defer w.Flush()
		fmt.Fprintln(w, "report")
	}()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("main returns")
}
