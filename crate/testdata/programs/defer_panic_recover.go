// leakscope: deterministic
//
// defer runs last-in first-out, also while a panic unwinds; recover in a
// deferred function stops the panic and can set named results; a deferred
// call's arguments are evaluated when the defer statement runs.
package main

import (
	"errors"
	"fmt"
)

func order() {
	for i := 1; i <= 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body done")
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
			q = -1
		}
	}()
	return a / b, nil
}

func mustPositive(n int) int {
	if n <= 0 {
		panic(errors.New("not positive"))
	}
	return n
}

func safely(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok {
				msg = "error: " + err.Error()
			} else {
				msg = fmt.Sprint("value: ", r)
			}
		}
	}()
	defer fmt.Println("  cleanup runs before recover's caller sees the result")
	f()
	return "ok"
}

func main() {
	order()
	fmt.Println(divide(7, 2))
	fmt.Println(divide(1, 0))
	fmt.Println(safely(func() { mustPositive(5) }))
	fmt.Println(safely(func() { mustPositive(-1) }))
	fmt.Println(safely(func() { panic(42) }))
	x := 1
	defer fmt.Println("x at defer time:", x)
	x = 2
	fmt.Println("x now:", x)
}
