// Look-alike of the NCast leak: a buffer for every sender.
func firstAnswer(servers []string) string {
	answers := make(chan string, len(servers))
	for _, s := range servers {
		go func(addr string) {
			answers <- ask(addr)
		}(s)
	}
	return <-answers
}
