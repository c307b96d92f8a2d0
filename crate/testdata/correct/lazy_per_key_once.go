package main

import (
	"fmt"
	"sync"
)

type entry struct {
	once sync.Once
	tmpl string
}

// Templates compiles each template once, lazily, even when many requests ask
// for the same one concurrently; the map is guarded by a mutex.
type Templates struct {
	mu       sync.Mutex
	entries  map[string]*entry
	compiles int
	cmu      sync.Mutex
}

func (t *Templates) Get(name string) string {
	t.mu.Lock()
	e, ok := t.entries[name]
	if !ok {
		e = &entry{}
		t.entries[name] = e
	}
	t.mu.Unlock()
	e.once.Do(func() {
		t.cmu.Lock()
		t.compiles++
		t.cmu.Unlock()
		e.tmpl = "<compiled " + name + ">"
	})
	return e.tmpl
}

func main() {
	t := &Templates{entries: map[string]*entry{}}
	var wg sync.WaitGroup
	for _, name := range []string{"home", "cart", "home", "home", "cart", "login"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = t.Get(name)
		}()
	}
	wg.Wait()
	fmt.Println(t.compiles, "compiles")
}
