package main

import (
	"errors"
	"fmt"
	"time"
)

type query struct {
	sql   string
	reply chan string
}

var errBusy = errors.New("db: busy")

// The database goroutine always answers on a reply channel with room for one
// answer, so a caller that timed out never blocks it.
func db(queries <-chan query, done chan<- struct{}) {
	defer close(done)
	for q := range queries {
		if q.sql == "SELECT pg_sleep(1)" {
			time.Sleep(15 * time.Millisecond)
		}
		q.reply <- "ok: " + q.sql
	}
}

func ask(queries chan<- query, sql string, timeout time.Duration) (string, error) {
	q := query{sql: sql, reply: make(chan string, 1)}
	queries <- q
	select {
	case r := <-q.reply:
		return r, nil
	case <-time.After(timeout):
		return "", errBusy
	}
}

func main() {
	queries := make(chan query)
	done := make(chan struct{})
	go db(queries, done)
	fmt.Println(ask(queries, "SELECT 1", 10*time.Millisecond))
	fmt.Println(ask(queries, "SELECT pg_sleep(1)", 5*time.Millisecond))
	fmt.Println(ask(queries, "SELECT 2", 50*time.Millisecond))
	close(queries)
	<-done
}
