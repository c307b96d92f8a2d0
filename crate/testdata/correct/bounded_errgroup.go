package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// uploadAll runs at most `limit` uploads at once, stops starting new ones
// after the first failure, and cancels the ones in flight.
func uploadAll(parent context.Context, files []string, limit int) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	sem := make(chan struct{}, limit)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for _, f := range files {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := upload(ctx, f); err != nil {
				once.Do(func() {
					firstErr = err
					cancel()
				})
			}
		}()
	}
	wg.Wait()
	return firstErr
}

func upload(ctx context.Context, name string) error {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	if name == "corrupt.bin" {
		return errors.New("upload " + name + ": checksum mismatch")
	}
	return nil
}

func main() {
	files := []string{"a.txt", "b.txt", "corrupt.bin", "c.txt", "d.txt", "e.txt"}
	fmt.Println(uploadAll(context.Background(), files, 2))
	fmt.Println(uploadAll(context.Background(), files[:2], 2))
}
