package main

import (
	"fmt"
	"strings"
)

func stream(prefix string, n int) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- fmt.Sprintf("%s line %d", prefix, i)
		}
	}()
	return ch
}

// collect reads stdout and stderr until both are closed, turning off each
// closed one by setting it to nil.
func collect(stdout, stderr <-chan string) (out, errs []string) {
	for stdout != nil || stderr != nil {
		select {
		case l, ok := <-stdout:
			if !ok {
				stdout = nil
				continue
			}
			out = append(out, l)
		case l, ok := <-stderr:
			if !ok {
				stderr = nil
				continue
			}
			errs = append(errs, strings.ToUpper(l))
		}
	}
	return out, errs
}

func main() {
	out, errs := collect(stream("build", 3), stream("warn", 2))
	fmt.Println(len(out), "stdout lines,", len(errs), "stderr lines")
}
