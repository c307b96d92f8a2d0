// leakscope: deterministic
//
// Non-blocking channel operations: try-send drops when the buffer is full,
// try-receive reports when nothing is waiting. select with default never
// blocks.
package main

import "fmt"

type Metrics struct {
	queue   chan string
	dropped int
}

func (m *Metrics) Emit(name string) bool {
	select {
	case m.queue <- name:
		return true
	default:
		m.dropped++
		return false
	}
}

func (m *Metrics) TryNext() (string, bool) {
	select {
	case v := <-m.queue:
		return v, true
	default:
		return "", false
	}
}

func main() {
	m := &Metrics{queue: make(chan string, 3)}
	for _, n := range []string{"cpu", "mem", "disk", "net", "gpu"} {
		fmt.Printf("emit %-4s -> %t (len %d/%d)\n", n, m.Emit(n), len(m.queue), cap(m.queue))
	}
	for {
		v, ok := m.TryNext()
		if !ok {
			break
		}
		fmt.Println("flush", v)
	}
	fmt.Println("dropped", m.dropped)
}
