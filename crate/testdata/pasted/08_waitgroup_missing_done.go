// Done is skipped on the error path: Wait never returns.
func loadAll(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func(n string) {
			if err := load(n); err != nil {
				return
			}
			wg.Done()
		}(name)
	}
	wg.Wait() // want "waitgroup-misuse"
}
