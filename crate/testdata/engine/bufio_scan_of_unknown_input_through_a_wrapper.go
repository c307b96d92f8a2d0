package main

// A Scanner over the program's own reader that reads from standard input:
// its bytes are unknown, so the lines are the program's unknown input, as
// with a Scanner over os.Stdin itself. The reader goroutine leaks only when
// there are two lines or more, a length leakscope does not know: no
// finding for main.
//
// search: exhaustive

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

type counting struct {
	r io.Reader
	n *int
}

func (c counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += n
	return n, err
}

func main() {
	first := make(chan string)
	total := 0
	go func() {
		s := bufio.NewScanner(counting{os.Stdin, &total})
		for s.Scan() {
			first <- s.Text()
		}
		close(first)
	}()
	fmt.Println(<-first)
}
