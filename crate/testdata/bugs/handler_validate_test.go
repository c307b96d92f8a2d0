package handler

import (
	"errors"
	"testing"
	"time"
)

type Request struct {
	User string
	Body string
}

type Server struct {
	delay time.Duration
}

func (s *Server) load(user string) string {
	time.Sleep(s.delay)
	return "profile of " + user
}

// Handle starts loading the profile before it validates the request; an
// invalid request returns and the loader's send waits forever.
func (s *Server) Handle(req Request) (string, error) {
	profile := make(chan string)
	go func() {
		profile <- s.load(req.User) // want "premature-return"
	}()
	if req.Body == "" {
		return "", errors.New("empty body")
	}
	return <-profile + ": " + req.Body, nil
}

func TestHandleRejectsEmpty(t *testing.T) {
	s := &Server{delay: time.Millisecond}
	if _, err := s.Handle(Request{User: "ann"}); err == nil {
		t.Fatal("want an error")
	}
	if out, err := s.Handle(Request{User: "bob", Body: "hi"}); err != nil || out == "" {
		t.Fatalf("Handle: %q %v", out, err)
	}
	time.Sleep(5 * time.Millisecond)
}
