// leakscope: deterministic
//
// The server struct's quit channel is never initialised. Its background
// flusher selects on nothing but the nil channel, and Shutdown's send on the
// nil channel blocks forever too.
package main

import (
	"fmt"
	"time"
)

type Server struct {
	name    string
	pending []string
	quit    chan bool
}

func (s *Server) flusher() {
	<-s.quit // want "nil-channel"
	fmt.Println("flushed", len(s.pending))
}

func (s *Server) Shutdown(done chan<- string) {
	s.quit <- true // want "nil-channel"
	done <- s.name
}

func main() {
	s := &Server{name: "api", pending: []string{"a", "b"}}
	go s.flusher()
	done := make(chan string, 1)
	go s.Shutdown(done)
	select {
	case n := <-done:
		fmt.Println("shut down", n)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("shutdown hangs")
	}
}
