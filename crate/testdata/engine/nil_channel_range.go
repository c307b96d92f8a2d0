package main

import (
	"fmt"
	"time"
)

type Feed struct {
	updates chan string
}

func (f *Feed) forward(out []string) {
	for u := range f.updates { // want "leak"
		out = append(out, u)
	}
}

func main() {
	var pending []string
	var seen map[string]bool
	for _, p := range pending {
		fmt.Println("never", p)
	}
	for k := range seen {
		fmt.Println("never", k)
	}
	f := &Feed{}
	go f.forward(nil)
	time.Sleep(10 * time.Millisecond)
	fmt.Println("bye")
}
