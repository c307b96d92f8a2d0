// Look-alike: a worker that watches an unknown quit channel and a ticker it
// stops; the caller's loop ends on an unknown method's channel.
func watch(src Source) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			poll(src)
		case <-src.Closed():
			return
		}
	}
}
