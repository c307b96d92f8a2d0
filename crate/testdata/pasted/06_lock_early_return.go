// A code review comment: the early return keeps the lock.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock() // want "lock-leak"
	if key == "" {
		return
	}
	c.n[key]++
	c.mu.Unlock()
}
