package main

import "fmt"

type readOp struct {
	key  string
	resp chan int
}

type writeOp struct {
	key   string
	delta int
	resp  chan struct{}
}

// Inventory state is owned by one goroutine; others talk to it with request
// messages that carry their own reply channels.
type Inventory struct {
	reads  chan readOp
	writes chan writeOp
	quit   chan struct{}
	done   chan struct{}
}

func StartInventory() *Inventory {
	inv := &Inventory{reads: make(chan readOp), writes: make(chan writeOp), quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(inv.done)
		stock := map[string]int{}
		for {
			select {
			case r := <-inv.reads:
				r.resp <- stock[r.key]
			case w := <-inv.writes:
				stock[w.key] += w.delta
				w.resp <- struct{}{}
			case <-inv.quit:
				return
			}
		}
	}()
	return inv
}

func (inv *Inventory) Add(key string, delta int) {
	w := writeOp{key, delta, make(chan struct{})}
	inv.writes <- w
	<-w.resp
}

func (inv *Inventory) Count(key string) int {
	r := readOp{key, make(chan int)}
	inv.reads <- r
	return <-r.resp
}

func (inv *Inventory) Stop() {
	close(inv.quit)
	<-inv.done
}

func main() {
	inv := StartInventory()
	inv.Add("widget", 5)
	inv.Add("widget", -2)
	fmt.Println(inv.Count("widget"))
	inv.Stop()
}
