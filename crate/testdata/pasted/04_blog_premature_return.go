// Blog: "Premature return", pasted as written: an error path returns
// before the result is read.
func handle(req Request) error {
	errCh := make(chan error)
	go func() {
		errCh <- save(req) // want "premature-return"
	}()
	if err := validate(req); err != nil {
		return err
	}
	return <-errCh
}
