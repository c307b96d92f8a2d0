package main

import (
	"errors"
	"fmt"
	"strings"
)

type Host struct {
	Name string
	Port int
}

func probe(h Host) error {
	if h.Port == 0 || strings.HasSuffix(h.Name, ".invalid") {
		return fmt.Errorf("%s:%d unreachable", h.Name, h.Port)
	}
	return nil
}

// probeAll reports every failure, not just the first: one error slot per
// host, every slot read, errors joined.
func probeAll(hosts []Host) error {
	errs := make(chan error, len(hosts))
	for _, h := range hosts {
		go func() { errs <- probe(h) }()
	}
	var all []error
	for range hosts {
		if err := <-errs; err != nil {
			all = append(all, err)
		}
	}
	return errors.Join(all...)
}

func main() {
	err := probeAll([]Host{{"db.internal", 5432}, {"cache.invalid", 6379}, {"queue.internal", 0}})
	fmt.Println(err != nil)
}
