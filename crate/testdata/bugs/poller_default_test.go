package poller

import (
	"testing"
	"time"
)

type Worker struct {
	jobs chan string
	quit chan struct{}
	done []string
}

// loop checks quit without waiting, then waits for a job alone: a quit that
// comes while it waits for a job is never seen.
func (w *Worker) loop(finished chan<- []string) {
	for {
		select {
		case <-w.quit:
			finished <- w.done
			return
		default:
		}
		job := <-w.jobs // want "orphan-receive"
		w.done = append(w.done, job)
	}
}

func TestWorkerQuits(t *testing.T) {
	w := &Worker{jobs: make(chan string), quit: make(chan struct{})}
	finished := make(chan []string, 1)
	go w.loop(finished)
	w.jobs <- "a"
	w.jobs <- "b"
	time.Sleep(time.Millisecond)
	close(w.quit)
	select {
	case done := <-finished:
		if len(done) != 2 {
			t.Errorf("done %v", done)
		}
	case <-time.After(20 * time.Millisecond):
		t.Log("worker did not quit")
	}
}
