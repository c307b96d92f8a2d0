//go:build ignore

// A program `go run ignored.go` runs, which `go build` leaves out.
package main

func main() {
	ch := make(chan int)
	ch <- 1
}
