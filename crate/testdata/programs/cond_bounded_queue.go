// leakscope: deterministic
//
// A bounded queue built on sync.Cond: Put waits while the queue is full, Get
// waits while it is empty, Close wakes everyone with Broadcast.
package main

import (
	"fmt"
	"sync"
)

type Queue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []int
	limit    int
	closed   bool
}

func NewQueue(limit int) *Queue {
	q := &Queue{limit: limit}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == q.limit {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Signal()
}

func (q *Queue) Get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return v, true
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
	sums := make([]int, 3)
	for c := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				v, ok := q.Get()
				if !ok {
					return
				}
				sums[c] += v
			}
		}()
	}
	for i := 1; i <= 10; i++ {
		q.Put(i)
	}
	q.Close()
	wg.Wait()
	fmt.Println("total consumed:", sums[0]+sums[1]+sums[2])
}
