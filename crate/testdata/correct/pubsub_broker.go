package main

import (
	"fmt"
	"sync"
)

// Broker fans every published message out to its subscribers; Close closes
// every subscriber channel so their readers finish.
type Broker struct {
	mu     sync.Mutex
	subs   map[int]chan string
	nextID int
	closed bool
}

func NewBroker() *Broker {
	return &Broker{subs: map[int]chan string{}}
}

func (b *Broker) Subscribe(buffer int) (int, <-chan string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.nextID
	b.nextID++
	ch := make(chan string, buffer)
	b.subs[id] = ch
	return id, ch
}

func (b *Broker) Unsubscribe(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ch, ok := b.subs[id]; ok {
		delete(b.subs, id)
		close(ch)
	}
}

func (b *Broker) Publish(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		select {
		case ch <- msg:
		default: // slow subscriber: drop
		}
	}
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, ch := range b.subs {
		delete(b.subs, id)
		close(ch)
	}
}

func main() {
	b := NewBroker()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		_, ch := b.Subscribe(4)
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for range ch {
				n++
			}
			_ = n
		}()
	}
	id, ch := b.Subscribe(1)
	b.Publish("price changed")
	b.Unsubscribe(id)
	for range ch {
	}
	b.Publish("stock low")
	b.Close()
	wg.Wait()
	fmt.Println("broker closed")
}
