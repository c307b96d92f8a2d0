// leakscope: deterministic
//
// Word counting sharded over goroutines: each worker counts its lines into
// its own map with counts[w]++, the merger adds the shards with
// total[w] += n and a histogram of first letters keyed by byte. The results
// channel is closed after the WaitGroup, so the merge loop ends.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

func countWords(lines []string) map[string]int {
	counts := make(map[string]int)
	for _, line := range lines {
		for _, w := range strings.Fields(strings.ToLower(line)) {
			counts[w]++
		}
	}
	return counts
}

func top(total map[string]int, n int) ([]string, int) {
	words := make([]string, 0, len(total))
	for w := range total {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if total[words[i]] != total[words[j]] {
			return total[words[i]] > total[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > n {
		words = words[:n]
	}
	return words, len(total)
}

func main() {
	text := []string{
		"the quick brown fox",
		"jumps over the lazy dog",
		"The dog sleeps",
		"a quick nap for the fox",
		"",
		"dogs and foxes and the rest",
	}
	shards := 3
	results := make(chan map[string]int)
	var wg sync.WaitGroup
	for s := 0; s < shards; s++ {
		var mine []string
		for i := s; i < len(text); i += shards {
			mine = append(mine, text[i])
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- countWords(mine)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	total := map[string]int{}
	initials := map[byte]int{}
	for shard := range results {
		for w, n := range shard {
			total[w] += n
			initials[w[0]] += n
		}
	}
	fmt.Println(top(total, 4))
	fmt.Println("the:", total["the"], "cat:", total["cat"])
	fmt.Println("starting with d:", initials['d'], "with z:", initials['z'])
	fmt.Println(countWords(nil), len(countWords([]string{" "})))
}
