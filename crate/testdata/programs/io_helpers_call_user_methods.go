// leakscope: deterministic
//
// io's helpers call the Read and Write methods of the program's own types,
// which here wait on channels another goroutine feeds: io.ReadFull keeps
// reading until the buffer is full, io.ReadAtLeast until enough bytes
// came, io.ReadAll and io.Copy until the reader says io.EOF, and
// io.WriteString hands the string to Write. io.ReadAtLeast stops reading
// once it has enough, and the goroutine feeding it is left blocked.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// chunks yields one chunk per Read, received from a channel; a closed
// channel is the end.
type chunks struct{ c chan string }

func (r *chunks) Read(p []byte) (int, error) {
	s, ok := <-r.c
	if !ok {
		return 0, io.EOF
	}
	return copy(p, s), nil
}

// upper writes what it is given in upper case to a channel.
type upper struct{ out chan string }

func (w upper) Write(p []byte) (int, error) {
	w.out <- strings.ToUpper(string(p))
	return len(p), nil
}

func feed(parts ...string) *chunks {
	r := &chunks{c: make(chan string)}
	go func() {
		for _, p := range parts {
			r.c <- p // want "send-after-reader-left"
		}
		close(r.c)
	}()
	return r
}

func main() {
	buf := make([]byte, 5)
	n, err := io.ReadFull(feed("ab", "cd", "efg"), buf)
	fmt.Println(n, err, string(buf[:n]))

	n, err = io.ReadFull(feed("xy"), buf)
	fmt.Println(n, err, string(buf[:n]))

	n, err = io.ReadAtLeast(feed("a", "bc", "d"), buf, 3)
	fmt.Println(n, err, string(buf[:n]))

	all, err := io.ReadAll(feed("read ", "all ", "of it"))
	fmt.Println(len(all), err, string(all))

	w, err2 := io.Copy(os.Stdout, feed("copied ", "to stdout\n"))
	fmt.Println(w, err2)

	out := make(chan string, 8)
	w, err2 = io.Copy(upper{out}, feed("one ", "two"))
	close(out)
	for s := range out {
		fmt.Print(s, "|")
	}
	fmt.Println(w, err2)

	out = make(chan string, 1)
	n, err = io.WriteString(upper{out}, "shout")
	fmt.Println(<-out, n, err)
}
