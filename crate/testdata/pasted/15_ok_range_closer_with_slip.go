// Look-alike of the iteration misuse, with the same slip: a closer
// goroutine closes the channel once every sender is done.
func sumAll(items []int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, i := items {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			ch <- n * n
		}(i)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	total := 0
	for v := range ch {
		total += v
	}
	return total
}
