// leakscope: deterministic
//
// The fix for ncast_first_response_leak.go: the channel has room for one
// answer per mirror, so the slower mirrors can finish and exit.
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
	answers := make(chan string, len(mirrors))
	for _, m := range mirrors {
		go func() {
			answers <- m.Fetch(path)
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
