package fetch

import "errors"

// Go's error convention for unknown calls: once `err == nil` was seen, the
// value is valid (not nil), and the same `err`, returned and checked again
// by the caller, is still nil. The goroutine is started exactly when the
// caller goes on to receive from it.

type Store interface {
	Load(key string) (*Record, error)
}

type Record struct{ Size int }

var errEmpty = errors.New("empty record")

func load(s Store, key string) (*Record, error) {
	r, err := s.Load(key)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errEmpty
	}
	return r, err
}

func Size(s Store, key string) int {
	sizes := make(chan int)
	r, err := load(s, key)
	if err == nil {
		go func() { sizes <- r.Size }()
	}
	if err != nil {
		return 0
	}
	return <-sizes
}

func Sizes(s Store, keys []string) int {
	sizes := make(chan int, len(keys))
	for _, k := range keys {
		go func() {
			r, err := s.Load(k)
			if err != nil {
				sizes <- 0
				return
			}
			sizes <- r.Size
		}()
	}
	total := 0
	for range keys {
		total += <-sizes
	}
	return total
}
