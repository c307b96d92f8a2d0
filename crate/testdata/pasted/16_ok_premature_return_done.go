// Look-alike of the premature return: the sender gives up once the
// handler has returned.
func handle(req Request) error {
	errCh := make(chan error)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case errCh <- save(req):
		case <-done:
		}
	}()
	if err := validate(req); err != nil {
		return err
	}
	return <-errCh
}
