package main

// sort.Slice calls the less function, which reads each row's weight under
// the table's lock; the caller already holds that lock, so the first
// comparison waits forever.
//
// search: exhaustive

import (
	"fmt"
	"sort"
	"sync"
)

type table struct {
	mu   sync.Mutex
	rows []int
}

func (t *table) weight(i int) int {
	t.mu.Lock() // want "deadlock"
	defer t.mu.Unlock()
	return t.rows[i]
}

func main() {
	t := &table{rows: []int{3, 1, 2}}
	t.mu.Lock()
	sort.Slice(t.rows, func(i, j int) bool { return t.weight(i) < t.weight(j) })
	t.mu.Unlock()
	fmt.Println(t.rows)
}
