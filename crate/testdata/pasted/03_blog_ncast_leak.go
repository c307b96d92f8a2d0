// Blog: "NCast leak", pasted as written: several senders, one receive.
func firstAnswer(servers []string) string {
	answers := make(chan string)
	for _, s := range servers {
		go func(addr string) {
			answers <- ask(addr) // want "ncast-leak"
		}(s)
	}
	return <-answers
}
