package notify

import (
	"flag"
	"sync"
)

var times = flag.Int("times", 1, "how many notifications")

// `wg.Add(n)` with `n` from a flag: the counter is n, not zero, so the n
// calls to Done that follow are no negative counter.
func notifyAll(notify func()) {
	var wg sync.WaitGroup
	n := *times
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			notify()
			wg.Done()
		}()
	}
	wg.Wait()
}
