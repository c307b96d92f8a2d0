package pool

import (
	"sync"
	"testing"
)

func TestSubmit(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	Submit(func() { wg.Done() })
	wg.Wait()
}
