// main waits on a channel nobody can send to, while a heartbeat runs
// forever: Go never reports the deadlock; the program just hangs.
package main

import (
	"fmt"
	"time"
)

func main() {
	go func() {
		for {
			time.Sleep(time.Second)
		}
	}()
	result := make(chan int)
	fmt.Println(<-result) // want "deadlock"
}
