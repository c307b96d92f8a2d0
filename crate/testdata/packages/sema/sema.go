// Package sema is a gate whose waiting is done by the runtime, as package
// sync's is: the two functions below have no Go body.
package sema

func semacquire(s *uint32)
func semrelease(s *uint32)

// Gate blocks Wait until Open.
type Gate struct{ n uint32 }

func (g *Gate) Wait() { semacquire(&g.n) }
func (g *Gate) Open() { semrelease(&g.n) }
