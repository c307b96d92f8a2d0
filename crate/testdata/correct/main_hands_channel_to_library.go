package main

import "example.com/notify"

// The channel is handed to a library that leakscope cannot see: it may
// receive from it after main's set-up, so the sender is not reported.
func main() {
	events := make(chan string)
	notify.Subscribe(events)
	go func() { events <- "started" }()
	notify.Run()
}
