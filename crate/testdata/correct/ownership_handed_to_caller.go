package worker

import (
	"context"
	"net"
	"os"
	"time"
)

// Everything here is handed to the caller, who releases it: the worker's
// quit channel (Stop), the connection, the file, the ticker and the cancel
// func. None of it is this function's leak.

type Worker struct {
	quit chan struct{}
	jobs chan string
	done chan struct{}
}

func NewWorker() *Worker {
	w := &Worker{
		quit: make(chan struct{}),
		jobs: make(chan string),
		done: make(chan struct{}),
	}
	go w.loop()
	return w
}

func (w *Worker) loop() {
	defer close(w.done)
	for {
		select {
		case j := <-w.jobs:
			_ = j
		case <-w.quit:
			return
		}
	}
}

func (w *Worker) Stop() {
	close(w.quit)
	<-w.done
}

func Dial(addr string) (net.Conn, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return conn, nil
}

func OpenLog(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

type Poller struct {
	ticker *time.Ticker
}

func NewPoller(every time.Duration) *Poller {
	return &Poller{ticker: time.NewTicker(every)}
}

func (p *Poller) Close() { p.ticker.Stop() }

func WithBudget(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	return ctx, cancel
}
