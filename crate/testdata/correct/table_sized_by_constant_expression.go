package main

import (
	"fmt"
	"sync"
)

// Arrays sized by constant expressions (`[symbols + 1]T`), sliced up to
// their length: each worker builds its own table into a fixed scratch
// buffer, as encoders do.

const (
	symbols   = 286
	distances = 30
	shift     = 2
)

type node struct {
	sym  uint16
	freq uint16
}

type table struct {
	scratch [symbols + 1]node
	lengths [symbols + distances<<shift]uint8
}

func (t *table) build(freq []uint16) int {
	list := t.scratch[:len(freq)+1]
	n := 0
	for i, f := range freq {
		if f != 0 {
			list[n] = node{uint16(i), f}
			n++
		}
	}
	t.lengths[len(t.lengths)-1] = uint8(n)
	return n
}

func main() {
	freqs := [][]uint16{make([]uint16, symbols), make([]uint16, distances)}
	freqs[0][256] = 1
	freqs[1][0] = 3
	var wg sync.WaitGroup
	counts := make([]int, len(freqs))
	for i, f := range freqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var t table
			counts[i] = t.build(f)
		}()
	}
	wg.Wait()
	fmt.Println(counts)
}
