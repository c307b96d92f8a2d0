// leakscope: deterministic
//
// A reader waits on a sync.Cond for data that the writer never announces:
// the writer appends without Signal, so the reader sleeps forever.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Mailbox struct {
	mu   sync.Mutex
	cond *sync.Cond
	msgs []string
}

func (m *Mailbox) Receive() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.msgs) == 0 {
		m.cond.Wait() // want "orphan-receive"
	}
	msg := m.msgs[0]
	m.msgs = m.msgs[1:]
	return msg
}

func (m *Mailbox) Send(msg string) {
	m.mu.Lock()
	m.msgs = append(m.msgs, msg)
	m.mu.Unlock()
	// missing: m.cond.Signal()
}

func main() {
	m := &Mailbox{}
	m.cond = sync.NewCond(&m.mu)
	got := make(chan string, 1)
	go func() { got <- m.Receive() }()
	time.Sleep(5 * time.Millisecond)
	m.Send("hi")
	select {
	case s := <-got:
		fmt.Println("received", s)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("receiver never woke up")
	}
}
