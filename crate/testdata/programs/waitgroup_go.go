// leakscope: deterministic
//
// sync.WaitGroup.Go (Go 1.25) starts a goroutine and does the Add and Done
// itself, so neither can be forgotten.
package main

import (
	"fmt"
	"sync"
)

func checksum(data string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(data); i++ {
		h ^= uint32(data[i])
		h *= 16777619
	}
	return h
}

func main() {
	files := []string{"alpha", "beta", "gamma"}
	sums := make([]uint32, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			sums[i] = checksum(f)
		})
	}
	wg.Wait()
	for i, f := range files {
		fmt.Printf("%-6s %08x\n", f, sums[i])
	}
}
