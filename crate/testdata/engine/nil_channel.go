package main

import (
	"fmt"
	"time"
)

type Server struct {
	events chan string
}

func main() {
	s := &Server{}
	go func() {
		s.events <- "started" // want "leak"
	}()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("bye")
}
