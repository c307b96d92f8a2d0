// leakscope: deterministic
//
// Library calls that call the program's methods, run by `go` and `defer`
// and from sort and errors: a goroutine started on fmt.Println waits in
// String until main gives the lock back, and prints after main's line;
// sort.Slice calls the less
// function the way Go's insertion sort does for short slices (the count of
// calls is Go's); errors.Is and errors.As walk the chain through the
// program's Is and Unwrap. The deferred Println runs last and calls String
// with the mutex held again, so main deadlocks inside it.
package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

type guarded struct {
	mu   sync.Mutex
	name string
}

func (g *guarded) String() string {
	g.mu.Lock() // want "deadlock"
	defer g.mu.Unlock()
	return "<" + g.name + ">"
}

type codeErr struct{ code int }

func (e *codeErr) Error() string { return fmt.Sprintf("code %d", e.code) }

func (e *codeErr) Is(target error) bool {
	t, ok := target.(*codeErr)
	return ok && t.code == e.code
}

type wrapped struct{ inner error }

func (w wrapped) Error() string { return "wrapped: " + w.inner.Error() }
func (w wrapped) Unwrap() error { return w.inner }

func main() {
	g := &guarded{name: "g"}
	g.mu.Lock()
	go fmt.Println("from a goroutine:", g)
	time.Sleep(10 * time.Millisecond)
	fmt.Println("unlocking")
	g.mu.Unlock()
	time.Sleep(10 * time.Millisecond)

	words := []string{"pear", "fig", "banana", "kiwi", "apple", "date", "plum", "cherry"}
	calls := 0
	sort.Slice(words, func(i, j int) bool {
		calls++
		return len(words[i]) < len(words[j])
	})
	fmt.Println(words, calls)
	i := sort.Search(100, func(i int) bool { return i*i >= 50 })
	fmt.Println("search:", i)

	err := fmt.Errorf("request: %w", wrapped{&codeErr{404}})
	fmt.Println(errors.Is(err, &codeErr{404}), errors.Is(err, &codeErr{500}))
	var ce *codeErr
	fmt.Println(errors.As(err, &ce), ce.code, errors.Unwrap(err))

	g.mu.Lock()
	defer fmt.Println("deferred:", g)
	fmt.Println("main returns")
}
