// leakscope: deterministic
//
// A debouncer: every call resets a timer made with time.AfterFunc; only the
// last call in a burst fires. Stop cancels a pending flush.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Debouncer struct {
	mu     sync.Mutex
	timer  *time.Timer
	delay  time.Duration
	fired  chan string
	latest string
}

func NewDebouncer(delay time.Duration) *Debouncer {
	return &Debouncer{delay: delay, fired: make(chan string, 4)}
}

func (d *Debouncer) Trigger(v string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.latest = v
	if d.timer == nil {
		d.timer = time.AfterFunc(d.delay, d.flush)
		return
	}
	d.timer.Reset(d.delay)
}

func (d *Debouncer) flush() {
	d.mu.Lock()
	v := d.latest
	d.mu.Unlock()
	d.fired <- v
}

func (d *Debouncer) Stop() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.timer != nil && d.timer.Stop()
}

func main() {
	d := NewDebouncer(40 * time.Millisecond)
	for _, v := range []string{"s", "se", "sea", "sear"} {
		d.Trigger(v) // a burst of keystrokes
	}
	fmt.Println("flushed:", <-d.fired)

	d.Trigger("search")
	fmt.Println("stopped pending flush:", d.Stop())
	time.Sleep(20 * time.Millisecond)
	fmt.Println("extra flushes:", len(d.fired))
}
