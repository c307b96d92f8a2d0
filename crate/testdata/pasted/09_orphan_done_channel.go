// The worker never signals: the waiter waits forever.
func runJob(job string) {
	done := make(chan struct{})
	go func() {
		process(job)
	}()
	<-done // want "orphan-receive"
}
