// leakscope: deterministic
//
// Closures capture variables by reference: counters keep their own state,
// a shared variable is seen by all closures, and Go 1.22 loop variables are
// fresh per iteration.
package main

import "fmt"

func counter(start int) (inc func() int, get func() int) {
	n := start
	inc = func() int { n++; return n }
	get = func() int { return n }
	return
}

func main() {
	inc, get := counter(10)
	inc()
	inc()
	fmt.Println("counter:", get())

	total := 0
	add := func(xs ...int) {
		for _, x := range xs {
			total += x
		}
	}
	add(1, 2, 3)
	add(4)
	fmt.Println("total:", total)

	var printers []func() string
	for i := 0; i < 3; i++ {
		printers = append(printers, func() string { return fmt.Sprint("i=", i) })
	}
	for _, p := range printers {
		fmt.Println(p())
	}

	fib := func() func() int {
		a, b := 0, 1
		return func() int {
			r := a
			a, b = b, a+b
			return r
		}
	}()
	for range 8 {
		fmt.Print(fib(), " ")
	}
	fmt.Println()
}
