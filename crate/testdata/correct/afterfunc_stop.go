package main

import (
	"fmt"
	"sync"
	"time"
)

// Session expires after idle time; activity replaces the expiry timer and
// logout stops it.
type Session struct {
	mu      sync.Mutex
	user    string
	expired bool
	timer   *time.Timer
	idle    time.Duration
}

func StartSession(user string, idle time.Duration) *Session {
	s := &Session{user: user, idle: idle}
	s.timer = time.AfterFunc(idle, s.expire)
	return s
}

func (s *Session) expire() {
	s.mu.Lock()
	s.expired = true
	s.mu.Unlock()
}

func (s *Session) Touch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.expired {
		s.timer.Reset(s.idle)
	}
}

func (s *Session) Logout() bool {
	stopped := s.timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	return stopped && !s.expired
}

func main() {
	s := StartSession("ana", 20*time.Millisecond)
	for i := 0; i < 3; i++ {
		time.Sleep(2 * time.Millisecond)
		s.Touch()
	}
	fmt.Println("clean logout:", s.Logout())
}
