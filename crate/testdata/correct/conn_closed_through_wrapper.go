package main

import (
	"fmt"
	"net"
	"net/textproto"
)

// A connection handed to a wrapper from another package (textproto here;
// bufio.ReadWriter, tls.Client alike) is closed by closing the wrapper: on
// the greeting's error path right away, otherwise by Client.Close.

type Client struct {
	text *textproto.Conn
	conn net.Conn
}

func Dial(addr string) (*Client, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	text := textproto.NewConn(conn)
	if _, _, err := text.ReadResponse(220); err != nil {
		text.Close()
		return nil, err
	}
	return &Client{text: text, conn: conn}, nil
}

func (c *Client) Close() error { return c.text.Close() }

func (c *Client) Noop() error {
	id, err := c.text.Cmd("NOOP")
	if err != nil {
		return err
	}
	c.text.StartResponse(id)
	defer c.text.EndResponse(id)
	_, _, err = c.text.ReadResponse(250)
	return err
}

func main() {
	c, err := Dial("mail.example.com:25")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Println(c.Noop())
}
