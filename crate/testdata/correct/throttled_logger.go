package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Logger never blocks callers: lines go into a buffer drained by one
// goroutine, and lines are dropped when the buffer is full. Close drains what
// is left and waits for the writer to exit.
type Logger struct {
	lines   chan string
	dropped atomic.Int64
	written atomic.Int64
	wg      sync.WaitGroup
}

func NewLogger(buffer int) *Logger {
	l := &Logger{lines: make(chan string, buffer)}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		for range l.lines {
			l.written.Add(1)
		}
	}()
	return l
}

func (l *Logger) Log(line string) {
	select {
	case l.lines <- line:
	default:
		l.dropped.Add(1)
	}
}

func (l *Logger) Close() {
	close(l.lines)
	l.wg.Wait()
}

func main() {
	l := NewLogger(4)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.Log(fmt.Sprint("request ", i))
		}()
	}
	wg.Wait()
	l.Close()
	fmt.Println(l.written.Load()+l.dropped.Load(), "lines handled")
}
