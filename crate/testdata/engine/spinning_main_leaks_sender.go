package main

// main never returns and never communicates: Go preempts it, the goroutine
// reaches its send and blocks there forever. A loop that never yields must
// not hide that leak (the search used to stop at the step bound with the
// goroutine never run: "no leak found"), and later at the step bound with
// the leak found only by the default run.
//
// search: exhaustive

func main() {
	ch := make(chan int)
	go func() {
		ch <- 1 // want "leak"
	}()
	for {
	}
}
