// Look-alike of the reader that leaves: the generator stops on `done`.
func numbers(done <-chan struct{}) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < 4; i++ {
			select {
			case out <- i:
			case <-done:
				return
			}
		}
	}()
	return out
}

func firstTwo() []int {
	done := make(chan struct{})
	defer close(done)
	var got []int
	for n := range numbers(done) {
		got = append(got, n)
		if len(got) == 2 {
			break
		}
	}
	return got
}
