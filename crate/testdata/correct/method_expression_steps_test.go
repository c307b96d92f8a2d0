package chunk

import "testing"

// Strategies chosen once and stored as method expressions
// (`c.fill = (*chunker).fillSmall`), then called in the write loop as
// `c.fill(c, b)`: each subtest's loop consumes its input and ends.

type chunker struct {
	window []byte
	end    int
	chunks int
	fill   func(*chunker, []byte) int
	flush  func(*chunker)
}

func (c *chunker) fillSmall(b []byte) int {
	n := copy(c.window[c.end:], b)
	c.end += n
	return n
}

func (c *chunker) fillLarge(b []byte) int {
	n := copy(c.window[c.end:], b)
	c.end += n
	if c.end == len(c.window) {
		c.flush(c)
	}
	return n
}

func (c *chunker) emit() {
	c.chunks++
	c.end = 0
}

func newChunker(size int) *chunker {
	c := &chunker{window: make([]byte, size), flush: (*chunker).emit}
	if size < 8 {
		c.fill = (*chunker).fillSmall
	} else {
		c.fill = (*chunker).fillLarge
	}
	return c
}

func (c *chunker) write(b []byte) {
	for len(b) > 0 {
		if c.end == len(c.window) {
			c.flush(c)
		}
		b = b[c.fill(c, b):]
	}
}

func TestChunkers(t *testing.T) {
	for i, in := range []string{"hello chunked world", "lorem ipsum dolor sit amet"} {
		t.Run(in, func(t *testing.T) {
			c := newChunker(4 + 4*i)
			c.write([]byte(in))
			if c.chunks == 0 {
				t.Errorf("no chunk emitted for %q", in)
			}
		})
	}
}
