package main

import (
	"fmt"
	"sync"
)

// Settings loads lazily, once: its loader asks the defaults, which load
// lazily too, through a Once of their own. A Do inside another Once's
// function is fine; only a Do on the same Once would wait for itself.
type Settings struct {
	once     sync.Once
	defaults *Defaults
	values   map[string]string
}

type Defaults struct {
	once   sync.Once
	values map[string]string
}

func (d *Defaults) Get(k string) string {
	d.once.Do(func() {
		d.values = map[string]string{"mode": "safe", "level": "3"}
	})
	return d.values[k]
}

func (s *Settings) Get(k string) string {
	s.once.Do(func() {
		s.values = map[string]string{"mode": "fast"}
		if _, ok := s.values["level"]; !ok {
			s.values["level"] = s.defaults.Get("level")
		}
	})
	if v, ok := s.values[k]; ok {
		return v
	}
	return s.defaults.Get(k)
}

func main() {
	s := &Settings{defaults: &Defaults{}}
	var wg sync.WaitGroup
	out := make([]string, 2)
	for i, k := range []string{"level", "color"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = k + "=" + s.Get(k)
		}()
	}
	wg.Wait()
	fmt.Println(out, s.Get("mode"))
}
