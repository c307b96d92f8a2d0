package main

import (
	"fmt"
	"strings"
)

func readLines(text string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, l := range strings.Split(text, "\n") {
			out <- l
		}
	}()
	return out
}

func dropComments(in <-chan string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for l := range in {
			if !strings.HasPrefix(strings.TrimSpace(l), "#") {
				out <- l
			}
		}
	}()
	return out
}

func nonEmpty(in <-chan string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for l := range in {
			if strings.TrimSpace(l) != "" {
				out <- strings.TrimSpace(l)
			}
		}
	}()
	return out
}

// Each stage closes its output when its input is exhausted, so the close
// travels down the pipeline and every stage exits.
func main() {
	hosts := "# inventory\nweb1.example.com\n\n# db\ndb1.example.com\ncache1.example.com\n"
	for h := range nonEmpty(dropComments(readLines(hosts))) {
		fmt.Println(h)
	}
}
