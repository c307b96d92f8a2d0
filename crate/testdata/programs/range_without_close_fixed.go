// leakscope: deterministic
//
// The fix for range_without_close_leak.go: Close closes the queue, the
// logger's range loop ends, and Close waits for it to finish.
package main

import (
	"fmt"
)

type Logger struct {
	queue chan string
	done  chan int
}

func NewLogger() *Logger {
	l := &Logger{queue: make(chan string, 8), done: make(chan int)}
	go l.run()
	return l
}

func (l *Logger) run() {
	written := 0
	for msg := range l.queue {
		written++
		_ = msg
	}
	l.done <- written
}

func (l *Logger) Log(format string, args ...any) {
	l.queue <- fmt.Sprintf(format, args...)
}

func (l *Logger) Close() int {
	close(l.queue)
	return <-l.done
}

func main() {
	log := NewLogger()
	for i := 1; i <= 3; i++ {
		log.Log("request %d served", i)
	}
	fmt.Println("server stopped after", log.Close(), "log lines")
}
