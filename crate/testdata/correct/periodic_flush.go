package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// BufferedWriter collects log lines and flushes them every interval and once
// more on Close; the flusher's ticker is stopped when it exits.
type BufferedWriter struct {
	mu      sync.Mutex
	pending []string
	flushed []string
	quit    chan struct{}
	done    chan struct{}
}

func NewBufferedWriter(every time.Duration) *BufferedWriter {
	w := &BufferedWriter{quit: make(chan struct{}), done: make(chan struct{})}
	go w.flusher(every)
	return w
}

func (w *BufferedWriter) Write(line string) {
	w.mu.Lock()
	w.pending = append(w.pending, line)
	w.mu.Unlock()
}

func (w *BufferedWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) > 0 {
		w.flushed = append(w.flushed, strings.Join(w.pending, "\n"))
		w.pending = nil
	}
}

func (w *BufferedWriter) flusher(every time.Duration) {
	defer close(w.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			w.flush()
		case <-w.quit:
			w.flush()
			return
		}
	}
}

func (w *BufferedWriter) Close() int {
	close(w.quit)
	<-w.done
	return len(w.flushed)
}

func main() {
	w := NewBufferedWriter(3 * time.Millisecond)
	for i := 0; i < 5; i++ {
		w.Write(fmt.Sprint("GET /item/", i))
		time.Sleep(time.Millisecond)
	}
	fmt.Println(w.Close() >= 1)
}
