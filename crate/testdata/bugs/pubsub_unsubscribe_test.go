package pubsub

import (
	"sync"
	"testing"
	"time"
)

type Hub struct {
	mu   sync.Mutex
	subs map[int]chan string
	next int
}

func NewHub() *Hub { return &Hub{subs: make(map[int]chan string)} }

func (h *Hub) Subscribe() (int, <-chan string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	ch := make(chan string)
	h.subs[h.next] = ch
	return h.next, ch
}

func (h *Hub) Unsubscribe(id int) {
	h.mu.Lock() // want "lock-leak"
	defer h.mu.Unlock()
	delete(h.subs, id)
}

// Publish holds the hub's lock while it hands the message to every
// subscriber: a subscriber that is unsubscribing (waiting for that lock)
// never takes it, and both wait forever.
func (h *Hub) Publish(msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		ch <- msg // want "send-after-reader-left"
	}
}

func TestUnsubscribeDuringPublish(t *testing.T) {
	h := NewHub()
	id, ch := h.Subscribe()
	go func() {
		h.Publish("one")
		h.Publish("two")
	}()
	if m := <-ch; m != "one" {
		t.Fatalf("got %q", m)
	}
	done := make(chan struct{})
	go func() {
		h.Unsubscribe(id)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Millisecond):
		t.Log("unsubscribe stuck")
	}
}
