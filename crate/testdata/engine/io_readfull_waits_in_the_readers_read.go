package main

// io.ReadFull calls the reader's own Read until the buffer is full. The
// feeder sends two bytes and stops; the third Read waits forever, so main
// is blocked inside Read.
//
// search: exhaustive

import (
	"fmt"
	"io"
)

type chanReader struct{ c chan byte }

func (r *chanReader) Read(p []byte) (int, error) {
	b, ok := <-r.c // want "deadlock"
	if !ok {
		return 0, io.EOF
	}
	p[0] = b
	return 1, nil
}

func main() {
	r := &chanReader{c: make(chan byte)}
	go func() {
		r.c <- 'h'
		r.c <- 'i'
	}()
	buf := make([]byte, 3)
	n, err := io.ReadFull(r, buf)
	fmt.Println(n, err)
}
