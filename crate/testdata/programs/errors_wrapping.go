// leakscope: deterministic
//
// Errors as values: sentinel errors with errors.New, wrapping with
// fmt.Errorf and %w, a custom error type, and checking with errors.Is/As.
package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

type ValidationError struct {
	Field string
	Value int
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid %s: %d", e.Field, e.Value)
}

var inventory = map[string]int{"apple": 4, "pear": 0}

func reserve(item string, qty int) error {
	if qty <= 0 {
		return &ValidationError{Field: "qty", Value: qty}
	}
	have, ok := inventory[item]
	if !ok {
		return fmt.Errorf("reserve %q: %w", item, ErrNotFound)
	}
	if have < qty {
		return fmt.Errorf("reserve %q: only %d left", item, have)
	}
	inventory[item] = have - qty
	return nil
}

func main() {
	cases := []struct {
		item string
		qty  int
	}{{"apple", 3}, {"kiwi", 1}, {"pear", 1}, {"apple", -2}, {"apple", 1}}
	for _, c := range cases {
		err := reserve(c.item, c.qty)
		var ve *ValidationError
		switch {
		case err == nil:
			fmt.Println("reserved", c.qty, c.item)
		case errors.Is(err, ErrNotFound):
			fmt.Println("missing:", err)
		case errors.As(err, &ve):
			fmt.Println("bad field", ve.Field, "->", err)
		default:
			fmt.Println("failed:", err)
		}
	}
	fmt.Println("apples left:", inventory["apple"])
}
