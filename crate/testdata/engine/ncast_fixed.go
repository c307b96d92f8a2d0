package main

import "fmt"

func first(items []string) string {
	ch := make(chan string, len(items))
	for _, it := range items {
		go func() {
			ch <- "got " + it
		}()
	}
	return <-ch
}

func main() {
	fmt.Println(len(first([]string{"a", "b", "c"})) > 0)
}
