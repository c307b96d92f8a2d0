package main

import (
	"fmt"
	"strings"
	"sync"
)

type Notifier interface {
	Notify(user, msg string) error
}

type EmailNotifier struct{ sent chan string }

func (e EmailNotifier) Notify(user, msg string) error {
	e.sent <- "mail to " + user + ": " + msg
	return nil
}

type SMSNotifier struct {
	mu   sync.Mutex
	log  []string
	from string
}

func (s *SMSNotifier) Notify(user, msg string) error {
	if len(msg) > 160 {
		return fmt.Errorf("sms to %s: message too long", user)
	}
	s.mu.Lock()
	s.log = append(s.log, s.from+"->"+user)
	s.mu.Unlock()
	return nil
}

// broadcast calls every notifier concurrently through the interface and
// waits for all of them.
func broadcast(ns []Notifier, user, msg string) []error {
	errs := make([]error, len(ns))
	var wg sync.WaitGroup
	for i, n := range ns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = n.Notify(user, msg)
		}()
	}
	wg.Wait()
	return errs
}

func main() {
	mail := EmailNotifier{sent: make(chan string, 2)}
	sms := &SMSNotifier{from: "ACME"}
	ns := []Notifier{mail, sms}
	fmt.Println(broadcast(ns, "ana", "Your order shipped"))
	fmt.Println(broadcast(ns, "ben", strings.Repeat("!", 200)))
	fmt.Println(len(mail.sent), "mails,", len(sms.log), "sms")
}
