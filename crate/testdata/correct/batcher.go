package main

import (
	"fmt"
	"time"
)

// batch groups items into batches of up to size, flushing a partial batch
// when maxWait passes; it returns when the input is closed.
func batch(in <-chan int, size int, maxWait time.Duration, flush func([]int)) {
	var buf []int
	timer := time.NewTimer(maxWait)
	defer timer.Stop()
	for {
		select {
		case v, ok := <-in:
			if !ok {
				if len(buf) > 0 {
					flush(buf)
				}
				return
			}
			buf = append(buf, v)
			if len(buf) == size {
				flush(buf)
				buf = nil
				timer.Reset(maxWait)
			}
		case <-timer.C:
			if len(buf) > 0 {
				flush(buf)
				buf = nil
			}
			timer.Reset(maxWait)
		}
	}
}

func main() {
	rows := make(chan int)
	done := make(chan struct{})
	total := 0
	go func() {
		defer close(done)
		batch(rows, 3, 5*time.Millisecond, func(b []int) {
			total += len(b)
			fmt.Println("insert", len(b), "rows")
		})
	}()
	for i := 0; i < 7; i++ {
		rows <- i
	}
	close(rows)
	<-done
	fmt.Println(total, "rows written")
}
