package main

import "fmt"

type Server struct {
	quit chan struct{}
}

// Stop signals a channel that was never made.
func (s *Server) Stop() {
	s.quit <- struct{}{} // want "nil-channel"
}

func main() {
	s := &Server{}
	go s.Stop()
	fmt.Println("stopping")
}
