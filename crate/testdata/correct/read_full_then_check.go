package main

import (
	"fmt"
	"io"
	"strings"
)

// io.ReadFull fills the buffer it is given, so the check after it passes:
// the bytes are the reader's, not the zeros make left there.
func main() {
	buf := make([]byte, 3)
	n, _ := io.ReadFull(strings.NewReader("hi\n"), buf)
	if string(buf) != "hi\n" {
		panic("short read")
	}
	fmt.Print(n, string(buf))
}
