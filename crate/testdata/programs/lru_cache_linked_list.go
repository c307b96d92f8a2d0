// leakscope: deterministic
//
// An LRU cache over a doubly linked list guarded by a mutex: unlinking and
// moving nodes with tuple assignments, evictions reported on a buffered
// channel, Keys returning a nil slice when empty, and %#v / String output.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type entry struct {
	key        string
	value      int
	prev, next *entry
}

type LRU struct {
	mu       sync.Mutex
	cap      int
	items    map[string]*entry
	head     *entry
	tail     *entry
	evicted  chan string
	hits     uint16
	requests uint16
}

func NewLRU(capacity int) *LRU {
	return &LRU{cap: capacity, items: map[string]*entry{}, evicted: make(chan string, 16)}
}

func (c *LRU) unlink(e *entry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		c.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		c.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (c *LRU) pushFront(e *entry) {
	e.prev, e.next = nil, c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}

func (c *LRU) Get(key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	e, ok := c.items[key]
	if !ok {
		return 0, false
	}
	c.hits++
	c.unlink(e)
	c.pushFront(e)
	return e.value, true
}

func (c *LRU) Put(key string, value int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.value = value
		c.unlink(e)
		c.pushFront(e)
		return
	}
	e := &entry{key: key, value: value}
	c.items[key] = e
	c.pushFront(e)
	if len(c.items) > c.cap {
		old := c.tail
		c.unlink(old)
		delete(c.items, old.key)
		c.evicted <- old.key
	}
}

func (c *LRU) Keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var keys []string
	for e := c.head; e != nil; e = e.next {
		keys = append(keys, e.key)
	}
	return keys
}

func (c *LRU) String() string {
	var b strings.Builder
	for e := c.head; e != nil; e = e.next {
		fmt.Fprintf(&b, "%s=%d ", e.key, e.value)
	}
	return strings.TrimSpace(b.String())
}

type stat struct {
	Hits, Requests uint16
	Ratio          float64
}

func main() {
	c := NewLRU(3)
	fmt.Println(c.Keys(), len(c.Keys()), c.Keys() == nil)
	var wg sync.WaitGroup
	for i, k := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Put(k, i+1)
		}()
	}
	wg.Wait()
	// Touching a, then b, fixes the order whatever order the Puts ran in.
	c.Put("a", 10)
	fmt.Println(c.Get("b"))
	fmt.Println(c.Get("zz"))
	c.Put("d", 4)
	c.Put("e", 5)
	fmt.Println(c, c.Keys())
	close(c.evicted)
	var gone []string
	for k := range c.evicted {
		gone = append(gone, k)
	}
	fmt.Println("evicted:", gone)
	st := stat{c.hits, c.requests, float64(c.hits) / float64(c.requests)}
	fmt.Printf("%+v\n%#v\n", st, st)
}
