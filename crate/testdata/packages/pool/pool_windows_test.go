package pool

import "testing"

// Built on Windows only: it would never finish.
func TestOnWindows(t *testing.T) {
	ch := make(chan int)
	<-ch
}
