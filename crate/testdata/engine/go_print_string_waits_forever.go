package main

// `go fmt.Println(v)` runs the print on a goroutine of its own, and fmt
// calls v's String there: it waits for a name nobody sends, so that
// goroutine leaks inside String while main returns.
//
// search: exhaustive

import "fmt"

type late struct{ name chan string }

func (l late) String() string {
	return <-l.name // want "leak"
}

func main() {
	go fmt.Println("hello", late{make(chan string)})
	fmt.Println("main returns")
}
