package main

import (
	"fmt"
	"strings"
	"sync"
)

// parallelMap keeps the input order by having each goroutine write only its
// own slot of the result slice.
func parallelMap(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	var wg sync.WaitGroup
	for i, s := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = f(s)
		}()
	}
	wg.Wait()
	return out
}

func slugify(title string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(title)), " ", "-")
}

func main() {
	titles := []string{"Hello World", " Goroutines Explained ", "Channels 101"}
	fmt.Println(parallelMap(titles, slugify))
}
