// leakscope: deterministic
//
// fetchProfile starts the database lookup in a goroutine, then validates the
// request. On a bad request it returns early, and nobody ever receives the
// lookup's result: the goroutine blocks on its send forever.
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
	result := make(chan Profile)
	go func() {
		result <- loadProfile(id) // want "premature-return"
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
