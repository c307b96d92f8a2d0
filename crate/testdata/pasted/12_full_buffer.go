// The buffer holds one; the reader takes one and leaves.
func progress(steps []string) string {
	updates := make(chan string, 1)
	go func() {
		for _, s := range steps {
			updates <- s // want "full-buffer|send-after-reader-left"
		}
	}()
	return <-updates
}
