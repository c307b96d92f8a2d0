// Look-alike of the missing Done: deferred, so every path calls it.
func loadAll(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			if err := load(n); err != nil {
				return
			}
		}(name)
	}
	wg.Wait()
}
