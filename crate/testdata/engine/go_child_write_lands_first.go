package main

// The goroutine's plain write can land before main reads the flag: a `go`
// statement is a point where the child may run first, and a race on plain
// memory (the captured `flag`) is a race the search reverses. In that order
// main waits forever. leakscope ran main on after the `go` and said
// "1 schedule, exhaustive, nothing found".
//
// search: exhaustive

func main() {
	flag := false
	never := make(chan int)
	go func() {
		flag = true
	}()
	if flag {
		<-never // want "deadlock"
	}
}
