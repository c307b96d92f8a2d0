// leakscope: deterministic
//
// Go 1.26's new(expr): a new variable initialized to the value, so the
// pointer sees none of the later changes to what it was copied from. Each
// worker gets its own counter this way and reports it on a channel.
package main

import "fmt"

type config struct {
	name    string
	retries int
}

func main() {
	base := config{name: "base", retries: 1}
	own := new(base)
	own.retries = 3
	limit := new(2 * own.retries)

	results := make(chan string)
	for i := range 3 {
		go func() {
			count := new(i * 10)
			*count += *limit
			results <- fmt.Sprintf("worker %d: %d", i, *count)
		}()
	}
	sum := 0
	for range 3 {
		r := <-results
		sum += len(r)
	}
	fmt.Println(base.retries, own.retries, *limit, sum)
}
