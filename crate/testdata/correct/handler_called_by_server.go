package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
)

// The handler is handed to the server, which calls it for the request: it
// reports the path on a channel with room for it, and main reads it after
// the response.
func main() {
	seen := make(chan string, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.URL.Path
		io.WriteString(w, "ok")
	}))
	defer ts.Close()
	res, err := http.Get(ts.URL + "/hello")
	if err != nil {
		fmt.Println(err)
		return
	}
	res.Body.Close()
	fmt.Println(<-seen)
}
