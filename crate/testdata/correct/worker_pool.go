package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

type Job struct {
	ID   int
	Text string
}

type Result struct {
	JobID int
	Words int
}

func worker(jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- Result{JobID: j.ID, Words: len(strings.Fields(j.Text))}
	}
}

// A fixed pool of workers reads jobs until the channel is closed; results are
// closed once the whole pool has finished.
func main() {
	docs := []string{"to be or not to be", "all you need is love", "hello world", "go is fun"}
	jobs := make(chan Job)
	results := make(chan Result)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	go func() {
		defer close(jobs)
		for i, d := range docs {
			jobs <- Job{ID: i, Text: d}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var all []Result
	for r := range results {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].JobID < all[j].JobID })
	fmt.Println(all)
}
