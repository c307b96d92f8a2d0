package main

import (
	"fmt"
	"sync"
	"time"
)

type Server struct {
	conns    chan int
	quit     chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	served   int
	shutdown sync.Once
}

func NewServer() *Server {
	return &Server{conns: make(chan int), quit: make(chan struct{})}
}

// Serve accepts connections until quit is closed; every handler is tracked
// by the WaitGroup.
func (s *Server) Serve() {
	defer s.wg.Done()
	for {
		select {
		case c := <-s.conns:
			s.wg.Add(1)
			go s.handle(c)
		case <-s.quit:
			return
		}
	}
}

func (s *Server) handle(conn int) {
	defer s.wg.Done()
	time.Sleep(time.Millisecond)
	s.mu.Lock()
	s.served++
	s.mu.Unlock()
}

// Shutdown stops accepting and waits for in-flight handlers.
func (s *Server) Shutdown() {
	s.shutdown.Do(func() { close(s.quit) })
	s.wg.Wait()
}

func main() {
	s := NewServer()
	s.wg.Add(1)
	go s.Serve()
	for c := 1; c <= 4; c++ {
		s.conns <- c
	}
	s.Shutdown()
	fmt.Println("served", s.served, "connections")
}
