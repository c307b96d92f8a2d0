// leakscope: deterministic
//
// A broker hands out one channel per topic from a map. Subscribing to a topic
// nobody registered returns the map's zero value, a nil channel, and the
// subscriber's for-range over it blocks forever.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

type Event struct {
	Topic string
	Seq   int
}

type Broker struct {
	mu   sync.Mutex
	subs map[string]chan Event
}

func NewBroker(topics ...string) *Broker {
	b := &Broker{subs: map[string]chan Event{}}
	for _, t := range topics {
		b.subs[t] = make(chan Event, 4)
	}
	return b
}

func (b *Broker) Subscribe(topic string) <-chan Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.subs[topic]
}

func (b *Broker) Publish(topic string, seq int) bool {
	b.mu.Lock()
	ch, ok := b.subs[topic]
	b.mu.Unlock()
	if ok {
		ch <- Event{topic, seq}
	}
	return ok
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	topics := make([]string, 0, len(b.subs))
	for t := range b.subs {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	for _, t := range topics {
		close(b.subs[t])
	}
}

func consume(name string, events <-chan Event, out chan<- string) {
	n := 0
	for ev := range events { // want "nil-channel"
		n += ev.Seq
	}
	out <- fmt.Sprintf("%s got total %d", name, n)
}

func main() {
	b := NewBroker("orders", "payments")
	out := make(chan string)
	go consume("orders", b.Subscribe("orders"), out)
	go consume("refunds", b.Subscribe("refunds"), out)
	for i := 1; i <= 3; i++ {
		b.Publish("orders", i)
	}
	fmt.Println("refunds published:", b.Publish("refunds", 1))
	b.Close()
	fmt.Println(<-out)
	select {
	case s := <-out:
		fmt.Println(s)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("refunds consumer never finished")
	}
}
