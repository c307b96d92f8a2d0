// Declared, never made: the send and the receive wait forever.
func compute() int {
	var results chan int
	go func() {
		results <- expensive()
	}()
	return <-results // want "nil-channel"
}
