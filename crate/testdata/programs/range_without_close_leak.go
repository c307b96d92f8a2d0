// leakscope: deterministic
//
// The logger goroutine drains its queue with `for range`, but nobody ever
// closes the queue: after the last message it waits forever.
package main

import (
	"fmt"
	"time"
)

type Logger struct {
	queue chan string
	done  chan int
}

func NewLogger() *Logger {
	l := &Logger{queue: make(chan string, 8), done: make(chan int, 1)}
	go l.run()
	return l
}

func (l *Logger) run() {
	written := 0
	for msg := range l.queue { // want "range-without-close"
		written++
		_ = msg
	}
	l.done <- written
}

func (l *Logger) Log(format string, args ...any) {
	l.queue <- fmt.Sprintf(format, args...)
}

func main() {
	log := NewLogger()
	for i := 1; i <= 3; i++ {
		log.Log("request %d served", i)
	}
	time.Sleep(10 * time.Millisecond)
	fmt.Println("server stopped")
}
