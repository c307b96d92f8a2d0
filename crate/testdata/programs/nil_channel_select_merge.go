// leakscope: deterministic
//
// The nil-channel idiom done right: merge two streams, and set each one to
// nil once it is closed so its select case is disabled.
package main

import "fmt"

func produce(prefix string, n int) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for i := range n {
			out <- fmt.Sprintf("%s%d", prefix, i)
		}
	}()
	return out
}

func merge(a, b <-chan string) []string {
	var all []string
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			all = append(all, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			all = append(all, v)
		}
	}
	return all
}

func main() {
	got := merge(produce("x", 3), produce("y", 2))
	countX, countY := 0, 0
	for _, s := range got {
		switch s[0] {
		case 'x':
			countX++
		case 'y':
			countY++
		}
	}
	fmt.Println("merged", len(got), "values:", countX, "from x,", countY, "from y")
}
