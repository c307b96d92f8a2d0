package main

// io.Copy writes what it read with the writer's own Write, which sends on a
// channel nobody receives from once main has returned: the copying
// goroutine leaks inside Write.
//
// search: exhaustive

import (
	"fmt"
	"io"
)

type once struct{ done bool }

func (r *once) Read(p []byte) (int, error) {
	if r.done {
		return 0, io.EOF
	}
	r.done = true
	return copy(p, "data"), nil
}

type chanWriter struct{ c chan []byte }

func (w chanWriter) Write(p []byte) (int, error) {
	w.c <- p // want "leak"
	return len(p), nil
}

func main() {
	w := chanWriter{c: make(chan []byte)}
	go func() {
		n, err := io.Copy(w, &once{})
		fmt.Println(n, err)
	}()
	fmt.Println("main returns without reading")
}
