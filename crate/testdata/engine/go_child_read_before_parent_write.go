package main

// The child reads flag in its first code, before any operation; main
// clears flag right after the go statement. If the child runs first it sees
// true and waits forever on never, and main waits forever on done.
//
// search: exhaustive

func main() {
	flag := true
	never := make(chan int)
	done := make(chan bool)
	go func() {
		if flag {
			<-never
		}
		done <- true
	}()
	flag = false
	<-done // want "deadlock"
}
