// leakscope: deterministic
//
// A config loader behind sync.Once whose load panics the first time; the
// caller recovers and tries again. Go's Once counts a panicking function as
// done: the second Do returns at once without calling it, so the config
// stays empty (and nothing blocks).
package main

import (
	"fmt"
	"sync"
)

type config struct {
	once  sync.Once
	calls int
	port  int
}

func (c *config) load(fail bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("load: %v", r)
		}
	}()
	c.once.Do(func() {
		c.calls++
		if fail {
			panic("no config file")
		}
		c.port = 8080
	})
	return nil
}

func main() {
	var c config
	fmt.Println(c.load(true))
	fmt.Println(c.load(false))
	fmt.Println("calls:", c.calls, "port:", c.port)
}
