package main

// Either sender can be the one that leaks: a send on `a` and a send on `b`
// race for the one select. Both runs must be explored (the search once said
// "1 schedule, exhaustive" and reported only one of them).

func main() {
	a, b := make(chan int), make(chan int)
	go func() {
		select {
		case <-a:
		case <-b:
		}
	}()
	go func() { a <- 1 }() // want "leak"
	go func() { b <- 1 }() // want "leak"
}
