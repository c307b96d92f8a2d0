package main

import "fmt"

// orDone wraps a channel so that ranging over it also stops when done closes.
func orDone(done <-chan struct{}, in <-chan string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for {
			select {
			case <-done:
				return
			case v, ok := <-in:
				if !ok {
					return
				}
				select {
				case out <- v:
				case <-done:
					return
				}
			}
		}
	}()
	return out
}

func tickets(done <-chan struct{}) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for n := 1; ; n++ {
			select {
			case out <- fmt.Sprintf("TICKET-%d", n):
			case <-done:
				return
			}
		}
	}()
	return out
}

func main() {
	done := make(chan struct{})
	src := tickets(done)
	wrapped := orDone(done, src)
	for t := range wrapped {
		fmt.Println(t)
		if t == "TICKET-3" {
			break
		}
	}
	close(done)
	for range wrapped {
	}
	for range src {
	}
}
