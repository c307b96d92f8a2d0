package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

var errSlow = errors.New("recommendations: timed out, showing defaults")

// recommend answers within the budget or falls back to defaults; the late
// worker still completes into its buffered channel, and main waits for it.
func recommend(user string, latency time.Duration, wg *sync.WaitGroup) ([]string, error) {
	out := make(chan []string, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(latency)
		out <- []string{"book:" + user, "film:" + user}
	}()
	select {
	case recs := <-out:
		return recs, nil
	case <-time.After(5 * time.Millisecond):
		return []string{"bestsellers"}, errSlow
	}
}

func main() {
	var wg sync.WaitGroup
	fmt.Println(recommend("ana", time.Millisecond, &wg))
	fmt.Println(recommend("ben", 20*time.Millisecond, &wg))
	wg.Wait()
}
