// leakscope: deterministic
//
// fmt calls the String and Error methods of the values it prints, and those
// methods are ordinary code: here String receives from a channel another
// goroutine feeds, so each print waits for the next value. A String that
// panics is recovered by fmt and printed as such.
package main

import (
	"errors"
	"fmt"
)

type ticket struct{ c chan int }

func (t ticket) String() string { return fmt.Sprintf("ticket %d", <-t.c) }

type Pair struct {
	A ticket
	n int
}

type boom struct{}

func (boom) String() string { panic("boom") }

type failure struct{ code chan int }

func (f *failure) Error() string { return fmt.Sprint("failure ", <-f.code) }

func main() {
	t := ticket{c: make(chan int)}
	go func() {
		for i := 1; i <= 6; i++ {
			t.c <- i
		}
	}()
	fmt.Println(t, t)
	fmt.Printf("%v|%s|%d|%q\n", t, t, 7, t)
	s := fmt.Sprint(Pair{A: t, n: 2})
	fmt.Println(s, boom{})
	f := &failure{code: make(chan int, 1)}
	f.code <- 42
	err := fmt.Errorf("wrapped: %w", f)
	var target *failure
	fmt.Println(err, errors.As(err, &target))
}
