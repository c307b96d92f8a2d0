// An opaque variadic list has several elements: one of the senders leaks.
func First(query string, replicas ...Search) Result {
	c := make(chan Result)
	for i := range replicas {
		go func() {
			c <- replicas[i](query) // want "leak"
		}()
	}
	return <-c
}
