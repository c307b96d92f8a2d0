package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for i := 0; i < 3; i++ {
		<-t.C
		fmt.Println("tick", i)
	}
}
