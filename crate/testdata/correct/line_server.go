// A line server on the loopback interface: each connection's lines go to
// one channel, and main reads back as many lines as its client wrote. How
// many lines a connection yields is the client's business, so no leak may
// depend on a count the client never writes.
package main

import (
	"bufio"
	"fmt"
	"net"
	"sync"
)

func serve(l net.Listener, lines chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			defer c.Close()
			r := bufio.NewReader(c)
			for {
				s, err := r.ReadString('\n')
				if err != nil {
					return
				}
				lines <- s
			}
		}(c)
	}
}

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		return
	}
	lines := make(chan string)
	var wg sync.WaitGroup
	wg.Add(1)
	go serve(l, lines, &wg)

	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		fmt.Println("dial:", err)
		l.Close()
		wg.Wait()
		return
	}
	for _, word := range []string{"one", "two"} {
		fmt.Fprintln(c, word)
		fmt.Print(<-lines)
	}
	c.Close()
	l.Close()
	wg.Wait()
}
