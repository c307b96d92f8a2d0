package main

import "fmt"

func first(items []string) string {
	ch := make(chan string)
	for _, it := range items {
		go func() {
			ch <- "got " + it // want "leak"
		}()
	}
	return <-ch
}

func main() {
	fmt.Println(len(first([]string{"a", "b", "c"})) > 0)
}
