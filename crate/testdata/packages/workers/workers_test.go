package workers_test

import (
	"sync"
	"testing"

	"example.com/workers"
)

func TestSubmit(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	workers.Submit(func() { wg.Done() })
	wg.Wait()
}
