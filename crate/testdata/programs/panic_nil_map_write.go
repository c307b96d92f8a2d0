// leakscope: deterministic
//
// The stats map is declared but never made; the first write panics. The
// deferred functions still run, in reverse order, before the program dies.
package main

import "fmt"

type Stats struct {
	counts map[string]int
}

func (s *Stats) Record(event string) {
	s.counts[event]++ // want "panic"
}

func main() {
	defer fmt.Println("deferred 1")
	defer fmt.Println("deferred 2")
	var s Stats
	fmt.Println("recording")
	s.Record("login")
}
