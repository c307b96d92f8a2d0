// leakscope: deterministic
//
// A retry helper waits on a timer's channel in a goroutine. When the call
// succeeds the timer is stopped, and a stopped timer never fires: the waiting
// goroutine is orphaned.
package main

import (
	"fmt"
	"time"
)

func withRetryNotice(op func() error) error {
	t := time.NewTimer(50 * time.Millisecond)
	go func() {
		<-t.C // want "orphan-receive"
		fmt.Println("still retrying...")
	}()
	err := op()
	t.Stop()
	return err
}

func main() {
	calls := 0
	err := withRetryNotice(func() error {
		calls++
		return nil
	})
	fmt.Println("calls:", calls, "err:", err)
	time.Sleep(70 * time.Millisecond)
}
