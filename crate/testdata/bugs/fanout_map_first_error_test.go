package fanout

import (
	"context"
	"fmt"
	"testing"
)

type shard struct {
	name string
	fail bool
}

func (s shard) query(ctx context.Context) (int, error) {
	if s.fail {
		return 0, fmt.Errorf("shard %s down", s.name)
	}
	return len(s.name), nil
}

// queryAll gives every shard its own result channel and returns at the first
// error; the shards after it still wait to deliver.
func queryAll(ctx context.Context, shards []shard) (int, error) {
	results := make(map[string]chan int)
	errs := make(chan error)
	for _, s := range shards {
		ch := make(chan int)
		results[s.name] = ch
		go func(s shard) {
			n, err := s.query(ctx)
			if err != nil {
				errs <- err // want "ncast-leak"
				return
			}
			ch <- n // want "premature-return"
		}(s)
	}
	total := 0
	for _, s := range shards {
		select {
		case n := <-results[s.name]:
			total += n
		case err := <-errs:
			return 0, err
		}
	}
	return total, nil
}

func TestQueryAllFails(t *testing.T) {
	shards := []shard{{name: "a", fail: true}, {name: "bb"}, {name: "ccc", fail: true}}
	if _, err := queryAll(context.Background(), shards); err == nil {
		t.Fatal("want an error")
	}
}
