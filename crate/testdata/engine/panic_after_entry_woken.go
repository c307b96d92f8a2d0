package main

// Found by the differential test (seed 713 of the generator with timers):
// the entry returns only after g3 wakes it, with no transition of its own,
// so the choice before its return was missed and the run where g2 sends on
// the closed channel before main exits was never explored.

func main() {
	c0 := make(chan int, 1)
	c1 := make(chan int, 0)
	go func() {
		c0 <- 1 // want "panic"
	}()
	go func() {
		close(c0)
		<-c1
		select { // want "leak"
		case c1 <- 2:
		case <-c1:
		}
	}()
	c1 <- 1
}
