package main

import (
	"fmt"
	"sync"
	"time"
)

// fetchAll calls wg.Add inside the goroutine, so wg.Wait can return before
// any Add happened; the results channel is closed while the fetchers are
// still to send on it.
func fetchAll(urls []string) []string {
	var wg sync.WaitGroup
	results := make(chan string, len(urls))
	for _, u := range urls {
		go func(u string) {
			time.Sleep(time.Millisecond)
			wg.Add(1)
			defer wg.Done()
			results <- "ok " + u // want "waitgroup-misuse"
		}(u)
	}
	wg.Wait()
	close(results)
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}

func main() {
	fmt.Println(len(fetchAll([]string{"a", "b", "c"})) <= 3)
	time.Sleep(10 * time.Millisecond)
}
