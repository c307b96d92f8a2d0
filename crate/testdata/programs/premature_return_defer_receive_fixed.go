// leakscope: deterministic
//
// The second fix for a premature return: the receive moves into a defer,
// so every path out of checkout waits for the audit goroutine.
package main

import (
	"errors"
	"fmt"
)

type Order struct {
	ID    int
	Items []string
	Total float64
}

func audit(o Order) string {
	return fmt.Sprintf("audit: order %d with %d items", o.ID, len(o.Items))
}

func checkout(o Order) (err error) {
	done := make(chan string)
	go func() {
		done <- audit(o)
	}()
	defer func() {
		fmt.Println(<-done)
	}()

	if len(o.Items) == 0 {
		return errors.New("empty cart")
	}
	if o.Total > 100 {
		return fmt.Errorf("order %d: total %.2f over limit", o.ID, o.Total)
	}
	fmt.Printf("order %d paid: %.2f\n", o.ID, o.Total)
	return nil
}

func main() {
	orders := []Order{
		{ID: 1, Items: []string{"pen", "ink"}, Total: 12.5},
		{ID: 2},
		{ID: 3, Items: []string{"desk"}, Total: 250},
	}
	for _, o := range orders {
		if err := checkout(o); err != nil {
			fmt.Println("error:", err)
		}
	}
}
