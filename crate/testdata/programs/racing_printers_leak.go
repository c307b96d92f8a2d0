// leakscope: nondeterministic-output
//
// Two goroutines race to report; main prints whichever answer comes first,
// so the output changes between runs. The loser's send blocks forever.
package main

import (
	"fmt"
	"time"
)

func ask(name string, answers chan<- string) {
	answers <- name + " answered" // want "ncast-leak"
}

func main() {
	answers := make(chan string)
	go ask("primary", answers)
	go ask("replica", answers)
	fmt.Println(<-answers)
	time.Sleep(10 * time.Millisecond)
}
