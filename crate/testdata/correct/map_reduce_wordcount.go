package main

import (
	"fmt"
	"strings"
	"sync"
)

type counts map[string]int

func mapper(doc string) counts {
	c := counts{}
	for _, w := range strings.Fields(strings.ToLower(doc)) {
		c[strings.Trim(w, ".,!?")]++
	}
	return c
}

// Mappers send partial counts; one reducer merges them and returns the total
// on a done channel once the partials are closed.
func wordCount(docs []string) counts {
	partials := make(chan counts)
	result := make(chan counts)
	go func() {
		total := counts{}
		for p := range partials {
			for w, n := range p {
				total[w] += n
			}
		}
		result <- total
	}()
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			partials <- mapper(d)
		}()
	}
	wg.Wait()
	close(partials)
	return <-result
}

func main() {
	c := wordCount([]string{"The cat sat.", "The dog sat!", "A cat, a dog."})
	fmt.Println(c["the"], c["cat"], c["sat"], c["a"])
}
