//! Functions checked in a model of their unknown callers (issue 11): one
//! unknown is one value along a run, and a method runs on the receiver its
//! package's constructor builds. Each look-alike that must stay silent is in
//! `testdata/correct`; here, the real bugs of the same shapes are still found.

use leakscope::check::{check_source, CheckOptions};

/// `rule line` for every finding.
fn findings(source: &str) -> Vec<(String, u32)> {
    let report = check_source("x.go", source, &CheckOptions::default());
    let lines = leakscope::syntax::LineIndex::new(source);
    report
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), lines.line_col(f.span.start).line))
        .collect()
}

fn line_of(source: &str, text: &str) -> u32 {
    source
        .lines()
        .position(|l| l.contains(text))
        .expect("the marked line") as u32
        + 1
}

/// The flag is tested twice and agrees with itself, but the second test
/// locks again under the lock the first one took: a real self-deadlock,
/// found on the run where `fresh` is true.
#[test]
fn a_lock_taken_twice_under_one_flag_is_still_found() {
    let src = r#"package cache

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Get(key string, fresh bool) int {
	if fresh {
		c.mu.Lock()
	}
	v := c.m[key]
	if fresh {
		c.mu.Lock() // twice
		c.mu.Unlock()
	}
	return v
}
"#;
    let found = findings(src);
    let line = line_of(src, "// twice");
    assert!(
        found.iter().any(|(_, l)| *l == line),
        "no finding at line {line}: {found:?}"
    );
}

/// After `n > 5` the run knows `n >= 6`: a close under `n >= 6` is taken,
/// and closing again under `n > 0` is a real double close.
#[test]
fn a_range_that_makes_both_closes_happen_is_still_found() {
    let src = r#"package batch

func finish(n int) {
	done := make(chan struct{})
	go func() { <-done }()
	if n > 5 {
		close(done)
	}
	if n > 0 {
		close(done) // again
	}
}
"#;
    let found = findings(src);
    let line = line_of(src, "// again");
    assert!(
        found.iter().any(|(r, l)| r == "panic" && *l == line),
        "no double close found at line {line}: {found:?}"
    );
}

/// The receiver is built by `NewMirror` (its hosts, its map); the leak is
/// the method's own: every fetch but the first blocks forever.
#[test]
fn a_leak_in_a_method_on_a_constructed_receiver_is_still_found() {
    let src = r#"package mirror

import "sync"

type Mirror struct {
	mu    sync.Mutex
	hosts []string
	seen  map[string]int
}

func NewMirror(hosts []string) *Mirror {
	return &Mirror{hosts: hosts, seen: make(map[string]int)}
}

func (m *Mirror) fetch(host string) string {
	m.mu.Lock()
	m.seen[host]++
	m.mu.Unlock()
	return host
}

func (m *Mirror) First() string {
	answers := make(chan string)
	for _, h := range m.hosts {
		go func() {
			answers <- m.fetch(h) // blocks
		}()
	}
	return <-answers
}
"#;
    let found = findings(src);
    let line = line_of(src, "// blocks");
    assert!(
        found.iter().any(|(_, l)| *l == line),
        "no leak found at line {line}: {found:?}"
    );
}

/// The constructor starts the worker; the method waits on a channel of its
/// own that nobody ever closes: reported, although the worker (blocked on
/// the receiver's channel, which the caller owns) is not.
#[test]
fn a_method_blocked_on_its_own_channel_beside_a_constructed_worker_is_found() {
    let src = r#"package queue

type Queue struct {
	jobs chan int
}

func NewQueue() *Queue {
	q := &Queue{jobs: make(chan int)}
	go q.work()
	return q
}

func (q *Queue) work() {
	for range q.jobs {
	}
}

func (q *Queue) Flush() {
	flushed := make(chan struct{})
	<-flushed // forever
}
"#;
    let found = findings(src);
    let line = line_of(src, "// forever");
    assert!(
        found.iter().any(|(_, l)| *l == line),
        "no finding at line {line}: {found:?}"
    );
    let worker = line_of(src, "for range q.jobs");
    assert!(
        !found.iter().any(|(_, l)| *l == worker),
        "the constructor's worker is the caller's: {found:?}"
    );
}

/// Go's error convention bounds a loop over an unknown reader (it ends with
/// io.EOF), yet the loop still runs long enough to fill the buffer it sends
/// into when the reader of the channel left early.
#[test]
fn a_sender_that_outlives_its_reader_over_an_unknown_source_is_found() {
    let src = r#"package upload

import "io"

func firstChunk(r io.Reader) []byte {
	chunks := make(chan []byte, 4)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 16)
			n, err := r.Read(buf)
			if err != nil {
				return
			}
			chunks <- buf[:n] // full
		}
	}()
	return <-chunks
}
"#;
    let found = findings(src);
    let line = line_of(src, "// full");
    assert!(
        found.iter().any(|(_, l)| *l == line),
        "no finding at line {line}: {found:?}"
    );
}

/// The receiver's constructor is `Open` (not `New...`), found by what it
/// returns and builds: its `pending.Add(1)` makes `Flush` wait, under the
/// lock `Append` needs before its `Done`. On an empty receiver the counter
/// was zero and the wait returned at once.
#[test]
fn a_wait_under_a_lock_on_a_receiver_built_by_open_is_found() {
    let src = r#"package journal

import (
	"errors"
	"sync"
)

type Journal struct {
	mu      sync.Mutex
	pending sync.WaitGroup
	seq     int
}

func Open(path string) (*Journal, error) {
	if path == "" {
		return nil, errors.New("journal: no path")
	}
	j := &Journal{}
	j.pending.Add(1)
	return j, nil
}

// Flush waits for the appends in flight, under the lock that Append needs
// to finish them.
func (j *Journal) Flush() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending.Wait() // blocks
}

func (j *Journal) Append(rec string) {
	j.mu.Lock()
	j.seq++
	j.mu.Unlock()
	j.pending.Done()
}
"#;
    let found = findings(src);
    let line = line_of(src, "// blocks");
    assert!(
        found.iter().any(|(_, l)| *l == line),
        "no deadlock found at line {line}: {found:?}"
    );
}
