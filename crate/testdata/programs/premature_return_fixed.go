// leakscope: deterministic
//
// The fix for premature_return_leak.go: the result channel has room for the
// one value, so the lookup goroutine can always finish its send and exit,
// even when fetchProfile has already returned.
package main

import (
	"errors"
	"fmt"
)

type Profile struct {
	ID   int
	Name string
}

func loadProfile(id int) Profile {
	return Profile{ID: id, Name: fmt.Sprintf("user-%d", id)}
}

func fetchProfile(id int, token string) (Profile, error) {
	result := make(chan Profile, 1)
	go func() {
		result <- loadProfile(id)
	}()

	if token == "" {
		return Profile{}, errors.New("missing token")
	}
	return <-result, nil
}

func main() {
	p, err := fetchProfile(7, "secret")
	fmt.Println(p.Name, err)

	_, err = fetchProfile(8, "")
	fmt.Println("second request:", err)
}
