// leakscope: deterministic
//
// A fixed pool of workers reads jobs from one channel and writes results to
// another. The producer closes jobs; a goroutine closes results after the
// workers are done; main collects by job ID.
package main

import (
	"fmt"
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

func countWords(s string) int {
	words, inWord := 0, false
	for _, r := range s {
		if r == ' ' {
			inWord = false
		} else if !inWord {
			inWord = true
			words++
		}
	}
	return words
}

func worker(jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- Result{JobID: j.ID, Words: countWords(j.Text)}
	}
}

func main() {
	texts := []string{"the quick brown fox", "hello", "a b c d e", "", "go is fun"}
	jobs := make(chan Job)
	results := make(chan Result)

	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	go func() {
		for i, t := range texts {
			jobs <- Job{ID: i, Text: t}
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	counts := make([]int, len(texts))
	for r := range results {
		counts[r.JobID] = r.Words
	}
	for i, c := range counts {
		fmt.Printf("job %d: %d words\n", i, c)
	}
}
