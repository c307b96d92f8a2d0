package main

import "fmt"

func main() {
	results := make(chan int)
	go func() {
		v := <-results // want "leak"
		fmt.Println(v)
	}()
	fmt.Println("main done")
}
