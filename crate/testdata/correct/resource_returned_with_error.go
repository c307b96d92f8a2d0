package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
)

// Go's error convention for a function's own results: with a non-nil error
// the caller neither uses nor closes the others. OpenIndex hands back a
// usable index together with ErrStale (as archive readers do with a
// warning-like error); callers that stop on any error leak nothing by the
// convention. dialAny's connection is closed by the caller on success.

var ErrStale = errors.New("index: stale entries skipped")

type Index struct {
	file    *os.File
	entries map[string]int64
}

func (ix *Index) load() error {
	return json.NewDecoder(ix.file).Decode(&ix.entries)
}

func (ix *Index) Close() error { return ix.file.Close() }

func OpenIndex(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	ix := &Index{file: f}
	if err = ix.load(); err != nil && err != ErrStale {
		f.Close()
		return nil, err
	}
	return ix, err
}

func dialAny(addrs []string) (net.Conn, error) {
	for _, a := range addrs {
		conn, err := net.Dial("tcp", a)
		if err == nil {
			return conn, nil
		}
	}
	return nil, errors.New("no server answered")
}

func lookup(path, key string) (int64, error) {
	ix, err := OpenIndex(path)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer ix.Close()
	return ix.entries[key], nil
}

func main() {
	off, err := lookup("data.idx", "intro")
	fmt.Println(off, err)
	conn, err := dialAny([]string{"10.0.0.1:9000", "10.0.0.2:9000"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	fmt.Fprintln(conn, "PING")
}
