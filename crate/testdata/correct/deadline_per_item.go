package main

import (
	"context"
	"fmt"
	"time"
)

type Thumbnail struct {
	Src  string
	Cost time.Duration
}

// renderOne gives each item its own deadline and releases it with defer.
func renderOne(parent context.Context, t Thumbnail) error {
	ctx, cancel := context.WithDeadline(parent, time.Now().Add(5*time.Millisecond))
	defer cancel()
	select {
	case <-time.After(t.Cost):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", t.Src, ctx.Err())
	}
}

func main() {
	ctx := context.Background()
	for _, t := range []Thumbnail{{"a.jpg", time.Millisecond}, {"huge.tiff", 20 * time.Millisecond}, {"b.png", time.Millisecond}} {
		if err := renderOne(ctx, t); err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Println("rendered", t.Src)
	}
}
