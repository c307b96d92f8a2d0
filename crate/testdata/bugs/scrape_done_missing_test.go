package scrape

import (
	"sync"
	"testing"
	"time"
)

type Target struct {
	URL  string
	Skip bool
}

// scrapeAll waits for every target; a skipped target returns before its
// Done, so Wait never returns and the collector never closes the results.
func scrapeAll(targets []Target) <-chan string {
	results := make(chan string, len(targets))
	var wg sync.WaitGroup
	wg.Add(len(targets))
	for _, tg := range targets {
		go func() {
			if tg.Skip {
				return
			}
			results <- "scraped " + tg.URL
			wg.Done()
		}()
	}
	go func() {
		wg.Wait() // want "waitgroup-misuse"
		close(results)
	}()
	return results
}

func TestScrapeSkips(t *testing.T) {
	out := scrapeAll([]Target{{URL: "a"}, {URL: "b", Skip: true}})
	select {
	case r := <-out:
		if r != "scraped a" {
			t.Errorf("got %q", r)
		}
	case <-time.After(time.Second):
		t.Fatal("no result")
	}
}
