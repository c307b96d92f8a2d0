package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type Report struct{ Rows int }

// generate stops as soon as its context is done and always delivers on a
// buffered channel, so it never blocks after the caller gives up.
func generate(ctx context.Context, rows int, out chan<- Report) {
	for i := 0; i < rows; i++ {
		select {
		case <-ctx.Done():
			out <- Report{Rows: i}
			return
		case <-time.After(time.Millisecond):
		}
	}
	out <- Report{Rows: rows}
}

func buildReport(rows int, limit time.Duration) (Report, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	out := make(chan Report, 1)
	go generate(ctx, rows, out)
	r := <-out
	if r.Rows < rows {
		return r, errors.New("report truncated: " + ctx.Err().Error())
	}
	return r, nil
}

func main() {
	fmt.Println(buildReport(3, 50*time.Millisecond))
	fmt.Println(buildReport(100, 5*time.Millisecond))
}
