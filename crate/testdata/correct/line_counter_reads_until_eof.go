package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// A worker reads its input until the reader reports an error (io.EOF at the
// end), then closes done. The loop ends when the input does, whatever the
// input is.
func main() {
	done := make(chan struct{})
	lines := 0
	go func() {
		defer close(done)
		r := bufio.NewReader(strings.NewReader("a\nb\nc\n"))
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				break
			}
			if line != "" {
				lines++
			}
		}
	}()
	<-done
	fmt.Fprintln(os.Stdout, lines, "lines")
}
