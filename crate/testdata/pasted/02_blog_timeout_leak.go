// Blog: "Timeout leak", pasted as written: the select's other case is a
// channel from a method of an option the snippet never declares.
func fetchWithTimeout(timeoutOption SomeTimeoutOption) (string, error) {
	resultCh := make(chan string)
	go func() {
		resultCh <- slowFetch() // want "timeout-leak"
	}()
	select {
	case res := <-resultCh:
		return res, nil
	case <-timeoutOption.Timeout():
		return "", errors.New("timed out")
	}
}
