// A chat fragment again, no function: every reply is read.
replies := make(chan string)
for _, peer := range peers {
	go func(p string) { replies <- ping(p) }(peer)
}
for range peers {
	fmt.Println(<-replies)
}
