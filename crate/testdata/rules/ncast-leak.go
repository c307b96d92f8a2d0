package main

import (
	"fmt"
	"strings"
)

func check(url string) error {
	if !strings.HasPrefix(url, "https://") {
		return fmt.Errorf("insecure url %q", url)
	}
	return nil
}

// firstError returns as soon as one check fails; the other checkers block.
func firstError(urls []string) error {
	errs := make(chan error)
	for _, u := range urls {
		go func() {
			errs <- check(u) // want "ncast-leak"
		}()
	}
	for range urls {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

func main() {
	err := firstError([]string{"http://a", "http://b", "https://c"})
	fmt.Println(err != nil)
}
