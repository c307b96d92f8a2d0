package main

import (
	"fmt"
	"time"
)

type Email struct {
	To      string
	Subject string
}

// sendAll sends at most one email per tick and stops the ticker on return.
func sendAll(outbox []Email, every time.Duration) int {
	limiter := time.NewTicker(every)
	defer limiter.Stop()
	sent := 0
	for _, e := range outbox {
		<-limiter.C
		fmt.Println("to:", e.To, "subject:", e.Subject)
		sent++
	}
	return sent
}

func main() {
	outbox := []Email{
		{"ana@example.com", "Your invoice"},
		{"ben@example.com", "Password reset"},
		{"cy@example.com", "Welcome!"},
	}
	fmt.Println(sendAll(outbox, 2*time.Millisecond), "sent")
}
