package main

import (
	"errors"
	"fmt"
)

func fetch(id int) error {
	if id < 0 {
		return errors.New("bad id")
	}
	return nil
}

func validate(id int) bool { return id != 2 }

// lookup starts a worker and stops listening when validation fails first.
func lookup(id int) error {
	errc := make(chan error)
	go func() {
		errc <- fetch(id) // want "premature-return"
	}()
	if !validate(id) {
		return fmt.Errorf("invalid id %d", id)
	}
	return <-errc
}

func main() {
	fmt.Println(lookup(1))
	fmt.Println(lookup(2))
}
