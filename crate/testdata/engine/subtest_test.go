package demo

import "testing"

// t.Run waits for its subtest even while the subtest blocks, and t.Fatal
// ends only the subtest: the test goes on to the next statements.
func TestSubtests(t *testing.T) {
	t.Run("fatal", func(t *testing.T) {
		t.Fatal("stop")
	})
	t.Run("waits", func(t *testing.T) {
		ch := make(chan int)
		go func() { ch <- 1 }()
		<-ch
	})
	ch := make(chan int)
	go func() {
		ch <- 1 // want "leak"
	}()
}
