package informer

import (
	"testing"
	"time"
)

type Event struct {
	Kind string
	Name string
}

// Informer relays the events of its source to its handler channel until
// stop is closed. The relay's send is outside the select: once the consumer
// has stopped, the relay waits forever to hand over the event it holds.
type Informer struct {
	source  chan Event
	handler chan Event
}

func NewInformer() *Informer {
	return &Informer{source: make(chan Event), handler: make(chan Event)}
}

func (inf *Informer) Run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case e := <-inf.source:
			inf.handler <- e // want "send-after-reader-left"
		}
	}
}

func TestInformerStops(t *testing.T) {
	inf := NewInformer()
	stop := make(chan struct{})
	go inf.Run(stop)
	go func() {
		for _, name := range []string{"a", "b"} {
			inf.source <- Event{Kind: "add", Name: name}
		}
	}()
	first := <-inf.handler
	if first.Name != "a" {
		t.Fatalf("first event %v", first)
	}
	time.Sleep(time.Millisecond)
	close(stop)
}
