package dialer

import (
	"errors"
	"os"
	"sync"
	"testing"
)

// TestMain installs the hooks the tests call and starts the fake backend
// they talk to; `go test` runs it before any test. A test run without it
// would call a nil hook and send to a nil channel.

type request struct {
	key   string
	reply chan string
}

var (
	lookupHook func(string) (string, error)
	backend    chan request
	cache      *os.File
)

func serve(reqs chan request) {
	for r := range reqs {
		r.reply <- "value-of-" + r.key
	}
}

func lookup(key string) (string, error) {
	if key == "" {
		return "", errors.New("empty key")
	}
	r := request{key: key, reply: make(chan string, 1)}
	backend <- r
	return <-r.reply, nil
}

func TestMain(m *testing.M) {
	lookupHook = lookup
	backend = make(chan request)
	go serve(backend)
	f, err := os.CreateTemp("", "dialer-cache")
	if err != nil {
		os.Exit(1)
	}
	cache = f
	code := m.Run()
	close(backend)
	cache.Close()
	os.Remove(cache.Name())
	os.Exit(code)
}

func TestLookupConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for _, k := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := lookupHook(k)
			if err != nil || v != "value-of-"+k {
				t.Errorf("lookup(%q) = %q, %v", k, v, err)
			}
		}()
	}
	wg.Wait()
}

func TestCacheFile(t *testing.T) {
	if _, err := cache.WriteString("warm\n"); err != nil {
		t.Fatal(err)
	}
}
