// leakscope: deterministic
//
// The fix for nil_channel_leak.go: a constructor makes the channel.
package main

import (
	"fmt"
)

type Server struct {
	name    string
	pending []string
	quit    chan bool
	flushed chan int
}

func NewServer(name string, pending []string) *Server {
	return &Server{name: name, pending: pending, quit: make(chan bool), flushed: make(chan int)}
}

func (s *Server) flusher() {
	<-s.quit
	s.flushed <- len(s.pending)
}

func (s *Server) Shutdown() int {
	s.quit <- true
	return <-s.flushed
}

func main() {
	s := NewServer("api", []string{"a", "b"})
	go s.flusher()
	fmt.Println("shut down", s.name, "after flushing", s.Shutdown())
}
