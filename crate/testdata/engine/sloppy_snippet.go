// Pasted from a slide: no package clause, undefined helpers.
func process(items []Item) {
	results := make(chan Result)
	for _, item := range items {
		go func(it Item) {
			results <- doWork(it) // want "leak"
		}(item)
	}
	first := <-results
	log(first)
}
