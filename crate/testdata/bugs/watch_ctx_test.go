package watch

import (
	"context"
	"testing"
	"time"
)

type Update struct{ Rev int }

// Watch reports a new revision every interval until ctx is done. The send
// does not look at ctx: a watcher whose caller cancelled and left blocks on
// it forever.
func Watch(ctx context.Context, interval time.Duration) <-chan Update {
	ch := make(chan Update)
	go func() {
		defer close(ch)
		rev := 0
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(interval):
				rev++
				ch <- Update{Rev: rev} // want "send-after-reader-left"
			}
		}
	}()
	return ch
}

func TestWatchUntilRevision(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for u := range Watch(ctx, time.Millisecond) {
		if u.Rev == 2 {
			break
		}
	}
	time.Sleep(3 * time.Millisecond)
}
