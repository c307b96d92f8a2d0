package main

import (
	"fmt"
	"sync"
)

// Queue is a bounded FIFO built on sync.Cond; Close wakes every waiter.
type Queue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []string
	max      int
	closed   bool
}

func NewQueue(max int) *Queue {
	q := &Queue{max: max}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Put(s string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == q.max {
		q.notFull.Wait()
	}
	q.items = append(q.items, s)
	q.notEmpty.Signal()
}

// Take returns false once the queue is closed and empty.
func (q *Queue) Take() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	s := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return s, true
}

func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.notEmpty.Broadcast()
}

func main() {
	q := NewQueue(2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	handled := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if _, ok := q.Take(); !ok {
					return
				}
				mu.Lock()
				handled++
				mu.Unlock()
			}
		}()
	}
	for _, t := range []string{"resize", "crop", "watermark", "upload", "notify"} {
		q.Put(t)
	}
	q.Close()
	wg.Wait()
	fmt.Println(handled, "tasks handled")
}
