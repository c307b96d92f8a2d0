package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTicker(10 * time.Millisecond) // want "resource-leak"
	for i := 0; i < 3; i++ {
		<-t.C
		fmt.Println("tick", i)
	}
}
