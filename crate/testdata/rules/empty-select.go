package main

import (
	"fmt"
	"time"
)

// keepAlive was meant to keep a background worker alive; `select {}` parks
// its goroutine for good.
func keepAlive() {
	select {} // want "empty-select"
}

func main() {
	go keepAlive()
	time.Sleep(time.Millisecond)
	fmt.Println("started")
}
