// A test server that serves TLS by wrapping its listener with a library
// constructor, and closes the wrapper when it stops. The wrapper is never
// nil (Go's `NewX` returns a value to use), so the nil check in Close
// always closes it, and with it the listener underneath.
package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"sync"
)

type Server struct {
	mu     sync.Mutex
	ln     net.Listener
	closed bool
}

func (s *Server) StartTLS(cfg *tls.Config) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.ln = tls.NewListener(l, cfg)
	s.mu.Unlock()
	return nil
}

func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if s.ln != nil {
		s.ln.Close()
	}
}

func main() {
	s := &Server{}
	if err := s.StartTLS(&tls.Config{}); err != nil {
		fmt.Println("listen:", err)
		return
	}
	defer s.Close()
	fmt.Println("serving")
}
