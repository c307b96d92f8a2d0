package lookup

import "testing"

func TestCached(t *testing.T) {
	if err := lookup(true); err != nil {
		t.Fatal(err)
	}
}
