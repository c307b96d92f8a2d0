// Look-alike of the timeout leak: the result channel has room for the late
// send, so nothing is left waiting.
func fetchWithTimeout(timeoutOption SomeTimeoutOption) (string, error) {
	resultCh := make(chan string, 1)
	go func() {
		resultCh <- slowFetch()
	}()
	select {
	case res := <-resultCh:
		return res, nil
	case <-timeoutOption.Timeout():
		return "", errors.New("timed out")
	}
}
