// leakscope: deterministic
//
// A request with a time budget: the handler reads its deadline from the
// context, fans out fetches that return (value, error), and classifies the
// failures with errors.Is and errors.As through %w wrapping. The results
// channel is buffered for every fetch, so none is left blocked.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

var ErrNotFound = errors.New("not found")

type HTTPError struct {
	Status int
	URL    string
}

func (e *HTTPError) Error() string { return fmt.Sprintf("%s: status %d", e.URL, e.Status) }

type result struct {
	url  string
	body string
	err  error
}

func fetch(ctx context.Context, url string, delay time.Duration) (string, error) {
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return "", fmt.Errorf("fetch %s: %w", url, ctx.Err())
	}
	switch url {
	case "/missing":
		return "", fmt.Errorf("fetch %s: %w", url, ErrNotFound)
	case "/broken":
		return "", fmt.Errorf("fetch: %w", &HTTPError{Status: 502, URL: url})
	}
	return "<" + url + ">", nil
}

func budget(ctx context.Context) string {
	deadline, ok := ctx.Deadline()
	if !ok {
		return "none"
	}
	return time.Until(deadline).Round(10 * time.Millisecond).String()
}

func classify(err error) string {
	var he *HTTPError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrNotFound):
		return "missing"
	case errors.As(err, &he):
		return fmt.Sprintf("upstream %d", he.Status)
	case errors.Is(err, context.DeadlineExceeded):
		return "too slow"
	}
	return "unknown"
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Millisecond)
	defer cancel()
	fmt.Println("budget:", budget(ctx), "background:", budget(context.Background()))
	fmt.Println(fetch(ctx, "/home", time.Millisecond))

	urls := []string{"/a", "/missing", "/broken", "/slow"}
	delays := map[string]time.Duration{"/slow": 400 * time.Millisecond}
	results := make(chan result, len(urls))
	for _, u := range urls {
		go func() {
			body, err := fetch(ctx, u, delays[u]+5*time.Millisecond)
			results <- result{u, body, err}
		}()
	}
	byURL := map[string]result{}
	for range urls {
		r := <-results
		byURL[r.url] = r
	}
	for _, u := range urls {
		r := byURL[u]
		fmt.Printf("%-8s %-12s %q\n", u, classify(r.err), r.body)
	}
	fmt.Println(byURL["/slow"].err)
}
