// leakscope: deterministic
//
// WaitGroup used the documented way: Add before the go statement (never
// inside the goroutine), Done deferred, Wait in the owner.
package main

import (
	"fmt"
	"sync"
)

type Result struct {
	File string
	Size int
}

func uploadAll(files []string) []Result {
	results := make([]Result, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = Result{File: f, Size: len(f) * 100}
		}()
	}
	wg.Wait()
	return results
}

func main() {
	for _, r := range uploadAll([]string{"a.txt", "photo.jpg", "notes.md"}) {
		fmt.Printf("%-10s %5d bytes\n", r.File, r.Size)
	}
}
