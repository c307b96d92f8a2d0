package main

// main polls a channel nobody can ever send on, with `select { default: }`
// and no timer pending: no other goroutine exists, so the state comes back
// unchanged after every poll. Go spins forever (it never reports "all
// goroutines are asleep"); leakscope says so at the poll, at once, instead
// of running until the step bound.
//
// search: exhaustive

func main() {
	never := make(chan int)
	for {
		select { // want "livelock"
		case <-never:
			return
		default:
		}
	}
}
