// Three lines from a chat, no function around them: the first reply wins
// and the others wait forever.
replies := make(chan string)
for _, peer := range peers {
	go func(p string) { replies <- ping(p) }(peer) // want "ncast-leak"
}
fmt.Println(<-replies)
