package sema

import "testing"

// Wait returns only after Open, so v is set when it is read. Run as if
// semacquire returned at once, the read would come first and panic.
func TestGate(t *testing.T) {
	var g Gate
	v := 0
	go func() {
		v = 42
		g.Open()
	}()
	g.Wait()
	if v != 42 {
		panic("gate opened early")
	}
}

// Nothing here goes through the runtime: its leak is reported.
func TestLeak(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- 1 }()
}
