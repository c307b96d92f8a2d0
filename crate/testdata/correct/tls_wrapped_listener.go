// A small server that wraps its listener for TLS when asked (as
// net/http/httptest's Server does) and closes whichever listener it holds,
// behind a nil check. The wrapper's Close closes the listener it wraps, and
// a wrapper is never nil: no listener is left open.
package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"sync"
)

type server struct {
	mu       sync.Mutex
	listener net.Listener
	closed   bool
}

func start(useTLS bool) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{listener: l}
	if useTLS {
		s.listener = tls.NewListener(s.listener, &tls.Config{})
	}
	return s, nil
}

func (s *server) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if s.listener != nil {
		s.listener.Close()
	}
}

func main() {
	for _, useTLS := range []bool{false, true} {
		s, err := start(useTLS)
		if err != nil {
			fmt.Println("listen:", err)
			return
		}
		s.close()
		s.close()
		fmt.Println("closed, tls:", useTLS)
	}
}
