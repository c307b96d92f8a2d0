// leakscope: deterministic
//
// fmt calls String, and this String locks the mutex its value carries.
// main prints once with the mutex free, then prints again while holding
// it: String waits for a lock only main could give back, so Go deadlocks
// inside the second Printf.
package main

import (
	"fmt"
	"sync"
)

type T struct{ mu sync.Mutex }

func (t *T) String() string {
	t.mu.Lock() // want "deadlock"
	defer t.mu.Unlock()
	return "T!"
}

func main() {
	t := &T{}
	fmt.Printf("x: %s\n", t)
	t.mu.Lock()
	fmt.Printf("x: %s\n", t)
}
