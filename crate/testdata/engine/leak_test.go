package demo

import "testing"

func TestFirstResponse(t *testing.T) {
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		go func() {
			ch <- i // want "leak"
		}()
	}
	if v := <-ch; v < 0 {
		t.Fatal("negative")
	}
}
