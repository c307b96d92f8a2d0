// leakscope: deterministic
//
// sync/atomic's 32-bit and unsigned functions (Add, Load, Store, Swap,
// CompareAndSwap), `^uint32(0)` to subtract one, and atomic.Uint32.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var hits int32
	var pending uint32 = 5
	var state uint64
	var seen atomic.Uint32
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt32(&hits, 1)
			atomic.AddUint32(&pending, ^uint32(0))
			seen.Add(2)
		}()
	}
	wg.Wait()
	old := atomic.SwapUint64(&state, 7)
	swapped := atomic.CompareAndSwapUint32(&pending, 1, 9)
	atomic.StoreInt32(&hits, atomic.LoadInt32(&hits)*10)
	fmt.Println(atomic.LoadInt32(&hits), atomic.LoadUint32(&pending), old, atomic.LoadUint64(&state), swapped, seen.Load())
}
