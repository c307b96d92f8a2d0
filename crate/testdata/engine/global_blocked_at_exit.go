package main

var jobs = make(chan int)

func main() {
	go func() {
		for j := range jobs { // want "blocked-at-exit"
			_ = j
		}
	}()
	jobs <- 1
}
