// leakscope: deterministic
//
// The fix for unclosed_ticker_leak.go: `defer ticker.Stop()`.
package main

import (
	"fmt"
	"time"
)

type Job struct {
	ID     int
	checks int
}

func (j *Job) Done() bool {
	j.checks++
	return j.checks >= 3
}

func pollStatus(j *Job) int {
	ticker := time.NewTicker(2 * time.Millisecond)
	defer ticker.Stop()
	polls := 0
	for range ticker.C {
		polls++
		if j.Done() {
			return polls
		}
	}
	return polls
}

func main() {
	j := &Job{ID: 42}
	fmt.Printf("job %d finished after %d polls\n", j.ID, pollStatus(j))
}
