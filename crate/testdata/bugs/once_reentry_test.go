package config

import (
	"sync"
	"testing"
	"time"
)

type Config struct {
	once   sync.Once
	values map[string]string
}

func (c *Config) load() {
	c.values = map[string]string{"mode": "fast"}
	if c.Get("mode") == "" {
		c.values["mode"] = "safe"
	}
}

// Get loads the config on first use; load itself calls Get, whose Do waits
// for the Do that is running it.
func (c *Config) Get(k string) string {
	c.once.Do(c.load) // want "lock-leak: .*calls `Do` again"
	return c.values[k]
}

func TestGetLoads(t *testing.T) {
	c := &Config{}
	got := make(chan string, 1)
	go func() { got <- c.Get("mode") }()
	select {
	case v := <-got:
		if v != "fast" {
			t.Errorf("mode %q", v)
		}
	case <-time.After(20 * time.Millisecond):
		t.Log("Get never returned")
	}
}
