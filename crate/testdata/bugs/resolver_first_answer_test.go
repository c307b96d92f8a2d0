package resolver

import (
	"fmt"
	"testing"
)

type Resolver interface {
	Resolve(host string) (string, error)
}

type static struct{ addr string }

func (s static) Resolve(host string) (string, error) {
	if s.addr == "" {
		return "", fmt.Errorf("%s: no address", host)
	}
	return s.addr, nil
}

// lookup asks every resolver at once and keeps the first answer. The answer
// channel has room for one: the resolvers that answer after it wait forever.
func lookup(host string, rs []Resolver) (string, error) {
	type answer struct {
		addr string
		err  error
	}
	answers := make(chan answer, 1)
	for _, r := range rs {
		go func(r Resolver) {
			addr, err := r.Resolve(host)
			answers <- answer{addr, err} // want "ncast-leak"
		}(r)
	}
	a := <-answers
	return a.addr, a.err
}

func TestLookupFirst(t *testing.T) {
	rs := []Resolver{static{"10.0.0.1"}, static{"10.0.0.2"}, static{"10.0.0.3"}}
	addr, err := lookup("db", rs)
	if err != nil || addr == "" {
		t.Fatalf("lookup: %q %v", addr, err)
	}
}
