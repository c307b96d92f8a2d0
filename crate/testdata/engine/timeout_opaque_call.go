// The slow call is unknown code: the explorer tries it finishing after the
// timeout too.
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan string)
	go func() {
		ch <- fetch() // want "leak"
	}()
	select {
	case r := <-ch:
		fmt.Println(r)
	case <-time.After(time.Second):
		fmt.Println("timed out")
	}
}
