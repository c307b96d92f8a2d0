package main

import "fmt"

// waitReady polls for a ready signal with `select { default: }`. Nothing
// ever sends it (the sender was removed in a refactoring), and no other
// goroutine is left to run: Go spins here forever, never reporting a
// deadlock.
func waitReady(ready chan struct{}) {
	for {
		select { // want "livelock"
		case <-ready:
			return
		default:
		}
	}
}

func main() {
	ready := make(chan struct{})
	waitReady(ready)
	fmt.Println("ready")
}
