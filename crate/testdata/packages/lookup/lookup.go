// Package lookup asks a backend and gives up early on a cache hit.
package lookup

import "errors"

func lookup(cached bool) error {
	errc := make(chan error)
	go func() {
		errc <- errors.New("backend down")
	}()
	if cached {
		return nil
	}
	return <-errc
}
