// leakscope: deterministic
//
// bufio's Scanner and Reader call the Read method of the program's own
// reader, here one that receives each chunk from a channel, and its Writer
// calls the program's Write when flushed. A Scanner over a strings.Reader
// splits lines and words; a Writer over os.Stdout prints only what
// was flushed. The last scanner stops after its first line, and the
// goroutine feeding it is left blocked on its next send.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// parts yields one chunk per Read, received from a channel; a closed
// channel is the end.
type parts struct{ c chan string }

func (r *parts) Read(p []byte) (int, error) {
	s, ok := <-r.c
	if !ok {
		return 0, io.EOF
	}
	return copy(p, s), nil
}

func feed(chunks ...string) *parts {
	r := &parts{c: make(chan string)}
	go func() {
		for _, s := range chunks {
			r.c <- s // want "send-after-reader-left"
		}
		close(r.c)
	}()
	return r
}

// shout writes what it is given in upper case to a channel.
type shout struct{ out chan string }

func (w shout) Write(p []byte) (int, error) {
	w.out <- strings.ToUpper(string(p))
	return len(p), nil
}

func main() {
	lines := bufio.NewScanner(feed("one\ntw", "o\r\nthree", "\nlast"))
	for lines.Scan() {
		fmt.Printf("line %q\n", lines.Text())
	}
	fmt.Println("scan error:", lines.Err())

	words := bufio.NewScanner(strings.NewReader("  alpha beta\n\tgamma  "))
	words.Split(bufio.ScanWords)
	for n := 1; words.Scan(); n++ {
		fmt.Println(n, words.Text())
	}

	r := bufio.NewReader(feed("ab", "c\nde", "f"))
	for {
		s, err := r.ReadString('\n')
		fmt.Printf("%q %v\n", s, err)
		if err != nil {
			break
		}
	}
	crlf := bufio.NewReader(strings.NewReader("x\r\ny\nz"))
	for {
		l, more, err := crlf.ReadLine()
		fmt.Printf("%q %v %v\n", l, more, err)
		if err != nil {
			break
		}
	}

	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "buffered %d\n", 42)
	out.WriteString("then flushed\n")
	fmt.Println("printed before the flush")
	out.Flush()

	got := make(chan string, 4)
	w := bufio.NewWriter(shout{got})
	w.WriteString("hello ")
	fmt.Fprint(w, "world")
	fmt.Println("buffered:", w.Buffered(), "written:", len(got))
	err := w.Flush()
	fmt.Println(<-got, err)

	first := bufio.NewScanner(feed("head\n", "body\n", "tail\n"))
	first.Scan()
	fmt.Println("first line only:", first.Text())

	never := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(never, "never flushed, never printed")
}
