package store

import (
	"errors"
	"sync"
	"sync/atomic"
)

// The receiver's constructor is Open, not NewStore: it is found by what it
// returns and builds. Open stores the limits that Limit loads, arms the
// start barrier (pending.Add(1)) that Ready releases, and starts the
// flusher that Close stops. Run on an empty receiver, Limit's type
// assertion would fail on a nil value.

type Store struct {
	mu      sync.Mutex
	pending sync.WaitGroup
	items   map[string]string
	flushes chan string
	done    chan struct{}
	limits  atomic.Value
}

type limits struct {
	maxKeys int
}

func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("store: no directory")
	}
	s := &Store{
		items:   map[string]string{},
		flushes: make(chan string, 16),
		done:    make(chan struct{}),
	}
	s.limits.Store(limits{maxKeys: 1024})
	s.pending.Add(1)
	go s.flusher()
	return s, nil
}

func (s *Store) flusher() {
	defer close(s.done)
	s.pending.Wait()
	for key := range s.flushes {
		s.mu.Lock()
		delete(s.items, key)
		s.mu.Unlock()
	}
}

func (s *Store) Limit() int {
	return s.limits.Load().(limits).maxKeys
}

// Ready lets the flusher start.
func (s *Store) Ready() {
	s.pending.Done()
}

func (s *Store) Put(key, value string) {
	s.mu.Lock()
	s.items[key] = value
	s.mu.Unlock()
	s.flushes <- key
}

func (s *Store) Close() {
	close(s.flushes)
	<-s.done
}
