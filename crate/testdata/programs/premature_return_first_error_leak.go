// leakscope: deterministic
//
// parseAll parses every line in its own goroutine and returns at the first
// error it reads. The goroutines whose results are never read stay blocked
// on their sends.
package main

import (
	"fmt"
	"time"
)

type parsed struct {
	index int
	value int
	err   error
}

func parseLine(s string) (int, error) {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("bad digit %q in %q", r, s)
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}

func parseAll(lines []string) ([]int, error) {
	out := make(chan parsed)
	for i, line := range lines {
		go func() {
			time.Sleep(time.Duration(i) * 5 * time.Millisecond)
			v, err := parseLine(line)
			out <- parsed{index: i, value: v, err: err} // want "premature-return"
		}()
	}
	values := make([]int, len(lines))
	for range lines {
		p := <-out
		if p.err != nil {
			return nil, p.err
		}
		values[p.index] = p.value
	}
	return values, nil
}

func main() {
	vals, err := parseAll([]string{"12", "7", "300"})
	fmt.Println(vals, err)

	vals, err = parseAll([]string{"4", "x9", "15", "16"})
	fmt.Println(vals, err)
	time.Sleep(40 * time.Millisecond)
}
