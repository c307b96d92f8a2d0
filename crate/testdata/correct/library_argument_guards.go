package cachegroup

import (
	"encoding/json"
	"errors"
	"os"
	"sync"
)

// A library's deliberate panics: argument guards and a re-panic on a
// storage failure. Each is reached only through an input the analysis does
// not know, so none is a finding.

type Getter interface {
	Get(key string) ([]byte, error)
}

type Group struct {
	name   string
	getter Getter
	mu     sync.Mutex
	cache  map[string][]byte
}

var (
	groupsMu sync.Mutex
	groups   = map[string]*Group{}
)

func NewGroup(name string, getter Getter) *Group {
	if getter == nil {
		panic("nil Getter")
	}
	groupsMu.Lock()
	defer groupsMu.Unlock()
	if _, dup := groups[name]; dup {
		panic("duplicate registration of group " + name)
	}
	g := &Group{name: name, getter: getter, cache: map[string][]byte{}}
	groups[name] = g
	return g
}

func (g *Group) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, errors.New("empty key")
	}
	g.mu.Lock()
	if v, ok := g.cache[key]; ok {
		g.mu.Unlock()
		return v, nil
	}
	g.mu.Unlock()
	v, err := g.getter.Get(key)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.cache[key] = v
	g.mu.Unlock()
	return v, nil
}

func mustSave(path string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		panic(err)
	}
}

func checkRange(n int) int {
	if n > 5 {
		if n < 3 {
			panic("impossible")
		}
		return n - 5
	}
	return 0
}
