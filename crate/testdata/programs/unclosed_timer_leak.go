// leakscope: deterministic
//
// waitFor races a result against a timer. When the result wins, the timer is
// never stopped and stays armed for a whole minute.
package main

import (
	"errors"
	"fmt"
	"time"
)

var errSlow = errors.New("too slow")

func waitFor(results <-chan int) (int, error) {
	timer := time.NewTimer(time.Minute) // want "unclosed-resource"
	select {
	case r := <-results:
		return r, nil
	case <-timer.C:
		return 0, errSlow
	}
}

func main() {
	results := make(chan int, 1)
	results <- 99
	v, err := waitFor(results)
	fmt.Println(v, err)
}
