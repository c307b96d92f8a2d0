// leakscope: deterministic
//
// fastestMirror asks every mirror and keeps the first answer. The other
// mirrors' goroutines block on the unbuffered channel forever.
package main

import (
	"fmt"
	"time"
)

type Mirror struct {
	Name    string
	Latency time.Duration
}

func (m Mirror) Fetch(path string) string {
	time.Sleep(m.Latency)
	return m.Name + ":" + path
}

func fastestMirror(mirrors []Mirror, path string) string {
	answers := make(chan string)
	for _, m := range mirrors {
		go func() {
			answers <- m.Fetch(path) // want "ncast-leak"
		}()
	}
	return <-answers
}

func main() {
	mirrors := []Mirror{
		{"eu", time.Millisecond},
		{"us", 40 * time.Millisecond},
		{"asia", 60 * time.Millisecond},
	}
	fmt.Println(fastestMirror(mirrors, "/pkg/v1.tar.gz"))
	time.Sleep(100 * time.Millisecond)
}
