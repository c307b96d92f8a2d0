package main

import "fmt"

type job struct{ id int }

// watch waits for a stop signal that no code path ever sends or closes.
func watch(jobs []job) {
	stop := make(chan struct{})
	go func() {
		<-stop // want "orphan-receive"
		fmt.Println("stopped")
	}()
	for _, j := range jobs {
		fmt.Println("job", j.id)
	}
}

func main() {
	watch([]job{{1}, {2}})
}
