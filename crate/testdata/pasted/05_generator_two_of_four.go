// A forum answer: a generator, and a reader that takes the first two.
func numbers() <-chan int {
	out := make(chan int)
	go func() {
		for i := 0; i < 4; i++ {
			out <- i // want "send-after-reader-left"
		}
		close(out)
	}()
	return out
}

func firstTwo() []int {
	var got []int
	for n := range numbers() {
		got = append(got, n)
		if len(got) == 2 {
			break
		}
	}
	return got
}
