package queue

import (
	"sync"
	"testing"
	"time"
)

type Queue struct {
	cond   *sync.Cond
	items  []int
	closed bool
}

func NewQueue() *Queue {
	return &Queue{cond: sync.NewCond(&sync.Mutex{})}
}

func (q *Queue) Push(v int) {
	q.cond.L.Lock()
	q.items = append(q.items, v)
	q.cond.L.Unlock()
	q.cond.Signal()
}

// Pop waits for an item or for Close. Close never wakes the waiters, so a
// consumer waiting on an empty queue sleeps forever.
func (q *Queue) Pop() (int, bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait() // want "lock-leak"
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *Queue) Close() {
	q.cond.L.Lock()
	q.closed = true
	q.cond.L.Unlock()
}

func TestConsumerEndsOnClose(t *testing.T) {
	q := NewQueue()
	got := make(chan int, 4)
	go func() {
		for {
			v, ok := q.Pop()
			if !ok {
				close(got)
				return
			}
			got <- v
		}
	}()
	q.Push(1)
	if v := <-got; v != 1 {
		t.Fatalf("got %d", v)
	}
	time.Sleep(time.Millisecond)
	q.Close()
	select {
	case <-got:
	case <-time.After(20 * time.Millisecond):
		t.Log("consumer still waiting")
	}
}
