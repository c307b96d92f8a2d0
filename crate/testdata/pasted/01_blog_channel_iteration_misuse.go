// Blog: "Channel iteration misuse", pasted as written (the `range` slip in
// the first loop included): the consumer ranges over a channel nobody
// closes before the loop ends.
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
	total := 0
	for v := range ch { // want "range-without-close"
		total += v
	}
	wg.Wait()
	return total
}
