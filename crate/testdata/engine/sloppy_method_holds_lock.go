// Methods of an undeclared type: the receiver's locked field is a mutex, its
// other fields are opaque (no false nil-map or nil-channel panics).
func (s *Store) Put(key string, val int) error {
	s.mu.Lock() // want "resource-leak"
	if val > s.max {
		return ErrTooLarge
	}
	s.data[key] = val
	s.mu.Unlock()
	return nil
}

func (s *Store) Get(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[key]
}

func (s *Store) Close() {
	close(s.done)
}
