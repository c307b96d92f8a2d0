package main

// bufio's Scanner calls the reader's own Read until it has a whole line.
// The feeder sends a line and a half and stops without closing: the third
// Read waits forever, so main is blocked inside Scan.
//
// search: exhaustive

import (
	"bufio"
	"fmt"
	"io"
)

type chanReader struct{ c chan string }

func (r *chanReader) Read(p []byte) (int, error) {
	s, ok := <-r.c // want "deadlock"
	if !ok {
		return 0, io.EOF
	}
	return copy(p, s), nil
}

func main() {
	r := &chanReader{c: make(chan string)}
	go func() {
		r.c <- "first\nsec"
		r.c <- "ond hal"
	}()
	s := bufio.NewScanner(r)
	for s.Scan() {
		fmt.Println(s.Text())
	}
}
