// Look-alike of the lock leak: the unlock is deferred.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if key == "" {
		return
	}
	c.n[key]++
}
