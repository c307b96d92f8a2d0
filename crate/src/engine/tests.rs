//! Programs run on the default schedule: output and outcome as Go gives them.

use super::*;
use crate::{model, syntax};

fn run(src: &str) -> State {
    run_with_limits(src, Limits::default().max_steps)
}

/// `run` with a step bound of its own (a run that only the bound ends).
fn run_with_limits(src: &str, max_steps: u64) -> State {
    let parsed = syntax::parse(src);
    let program = model::lower(&parsed);
    let main = program.func_by_name("main").expect("main");
    let limits = Limits {
        max_steps,
        ..Limits::default()
    };
    run_default(&Machine::new(compile(program), limits), main)
}

fn stdout(src: &str) -> String {
    let st = run(src);
    let end = st.out.stdout_at_exit.unwrap_or(st.out.stdout.len());
    st.out.stdout[..end].to_string()
}

#[test]
fn prints_values_like_go() {
    let out = stdout(
        r#"package main
import "fmt"
type P struct { X, Y int }
func main() {
	fmt.Println("hi", 1, 2.5, true, nil)
	fmt.Printf("%d-%s-%v-%q-%5.2f|%-4d|%x\n", 42, "s", []int{1, 2}, "q", 3.14159, 7, 255)
	p := P{1, 2}
	fmt.Println(p, &p)
	fmt.Printf("%+v %T\n", p, p)
	m := map[string]int{"b": 2, "a": 1}
	fmt.Println(m, len(m))
	var s []int
	s = append(s, 1, 2, 3)
	fmt.Println(s[1:], len(s), cap(s) >= 3)
}
"#,
    );
    assert_eq!(out, "hi 1 2.5 true <nil>\n42-s-[1 2]-\"q\"- 3.14|7   |ff\n{1 2} &{1 2}\n{X:1 Y:2} main.P\nmap[a:1 b:2] 2\n[2 3] 3 true\n");
}

#[test]
fn goroutines_and_channels_in_run_queue_order() {
    let out = stdout(
        r#"package main
import ("fmt"; "sync")
func main() {
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- i
		}()
	}
	go func() { wg.Wait(); close(ch) }()
	sum := 0
	for v := range ch {
		sum += v
	}
	fmt.Println("sum", sum)
}
"#,
    );
    assert_eq!(out, "sum 3\n");
}

#[test]
fn closures_methods_and_defer() {
    let out = stdout(
        r#"package main
import "fmt"
type Counter struct { n int }
func (c *Counter) Inc() { c.n++ }
func (c Counter) Get() int { return c.n }
type Named interface { Name() string }
type Dog struct{}
func (Dog) Name() string { return "dog" }
func f() (r int) {
	defer func() { r *= 2 }()
	return 21
}
func main() {
	c := Counter{}
	c.Inc(); c.Inc()
	fmt.Println(c.Get())
	x := 0
	inc := func() { x++ }
	inc(); inc()
	fmt.Println(x, f())
	var n Named = Dog{}
	fmt.Println(n.Name())
	defer fmt.Println("deferred 1")
	defer fmt.Println("deferred 2")
	switch y := x * 2; {
	case y > 3:
		fmt.Println("big")
	default:
		fmt.Println("small")
	}
}
"#,
    );
    assert_eq!(out, "2\n2 42\ndog\nbig\ndeferred 2\ndeferred 1\n");
}

#[test]
fn panics_and_deadlocks_like_go() {
    let st =
        run("package main\nfunc main() {\n\tch := make(chan int)\n\tclose(ch)\n\tclose(ch)\n}\n");
    assert!(
        matches!(st.outcome, Some(Outcome::Panic { ref message, .. }) if message == "close of closed channel")
    );
    assert!(st
        .out
        .stderr
        .starts_with("panic: close of closed channel\n\ngoroutine 1 [running]:"));
    let st = run("package main\nfunc main() {\n\tch := make(chan int)\n\t<-ch\n}\n");
    assert_eq!(st.outcome, Some(Outcome::Deadlock));
    assert!(st
        .out
        .stderr
        .starts_with("fatal error: all goroutines are asleep - deadlock!"));
    let st = run("package main\nfunc main() {\n\ta := []int{1,2,3}\n\ti := 5\n\t_ = a[i]\n}\n");
    assert!(
        matches!(st.outcome, Some(Outcome::Panic { ref message, .. }) if message == "runtime error: index out of range [5] with length 3")
    );
}

#[test]
fn recover_stops_a_panic() {
    let out = stdout(
        r#"package main
import "fmt"
func safe() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	var m map[string]int
	m["a"] = 1
	return nil
}
func main() {
	fmt.Println(safe())
}
"#,
    );
    assert_eq!(out, "recovered: assignment to entry in nil map\n");
}

#[test]
fn virtual_time_orders_sleepers() {
    let out = stdout(
        r#"package main
import ("fmt"; "time")
func main() {
	done := make(chan string)
	go func() { time.Sleep(20 * time.Millisecond); done <- "slow" }()
	go func() { time.Sleep(10 * time.Millisecond); done <- "fast" }()
	fmt.Println(<-done, <-done)
	select {
	case <-time.After(time.Second):
		fmt.Println("timeout", time.Second)
	case v := <-done:
		fmt.Println(v)
	}
}
"#,
    );
    assert_eq!(out, "fast slow\ntimeout 1s\n");
}

#[test]
fn array_length_from_named_constant() {
    let out = stdout(
        r#"package main
import "fmt"
const n = 3
func main() {
	a := [n][]int{}
	var b [n]int
	for i := range 5 {
		a[i%n] = append(a[i%n], i)
	}
	b[n-1] = 7
	fmt.Println(len(a), a, b)
}
"#,
    );
    assert_eq!(out, "3 [[0 3] [1 4] [2]] [0 0 7]\n");
}

/// An array sized by a constant expression has that length (it was empty,
/// and slicing it panicked). (Expected output checked against Go.)
#[test]
fn array_length_from_constant_expression() {
    let out = stdout(
        r#"package main
import "fmt"
const n = 3
const shift = 2
type T struct{ a [n*2 + 1]int }
func main() {
	var t T
	var b [1<<shift - n]string
	var c [-(-n) % 2]bool
	s := t.a[:n+4]
	s[6] = 9
	fmt.Println(len(t.a), t.a, len(b), len(c))
}
"#,
    );
    assert_eq!(out, "7 [0 0 0 0 0 0 9] 1 1\n");
}

/// Method expressions (`(*T).m`, `T.m`) are functions taking the receiver
/// first; they were unknown, so `c.fill(c, b)` did nothing and a write loop
/// never ended. (Expected output checked against Go.)
#[test]
fn method_expressions_take_the_receiver_first() {
    let out = stdout(
        r#"package main
import "fmt"
type C struct{ n int }
func (c *C) Add(k int) int { c.n += k; return c.n }
func (c C) Twice() int { return 2 * c.n }
func main() {
	c := &C{}
	add := (*C).Add
	twice := C.Twice
	steps := []func(*C, int) int{(*C).Add, add}
	for _, s := range steps {
		s(c, 3)
	}
	fmt.Println(add(c, 1), twice(*c), c.n)
}
"#,
    );
    assert_eq!(out, "7 14 7\n");
}

/// `f(g())` passes every result of `g`, for user functions, methods and `fmt`. (Expected output checked against Go 1.27.)
#[test]
fn multi_value_call_arguments() {
    let out = stdout(
        r##"package main

import (
	"fmt"
	"strconv"
)

type Parser struct{ base int }

func (p Parser) Parse(s string) (int, error) {
	n, err := strconv.Atoi(s)
	return n * p.base, err
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
			q = -1
		}
	}()
	return a / b, nil
}

func pair() (string, int) { return "x", 7 }

func label(s string, n int) string { return fmt.Sprintf("%s=%d", s, n) }

func swap(a, b int) (int, int) { return b, a }

func main() {
	fmt.Println(divide(7, 2))
	fmt.Println(divide(1, 0))
	fmt.Println(label(pair()))
	fmt.Println(swap(swap(1, 2)))
	fmt.Println(Parser{10}.Parse("4"))
	s := fmt.Sprint(pair())
	fmt.Println(s, len(fmt.Sprintln(swap(3, 4))))
	defer fmt.Println(pair())
}
"##,
    );
    assert_eq!(
        out,
        "3 <nil>\n-1 recovered: runtime error: integer divide by zero\nx=7\n1 2\n40 <nil>\nx7 4\nx 7\n"
    );
}

/// A missing map key reads as the zero value of the map's value type, so
/// `counts[w]++`, `m[k] += x` and `m[k]--` work; the key of `m[f()] += x` is
/// evaluated once. (Expected output checked against Go 1.27.)
#[test]
fn map_values_start_at_zero() {
    let out = stdout(
        r##"package main

import "fmt"

type Counter struct {
	hits map[string]int
}

type Totals struct {
	N   int
	Sum float64
}

func main() {
	counts := map[string]int{}
	for _, w := range []string{"go", "rust", "go", "zig", "go"} {
		counts[w]++
	}
	counts["zig"]--
	counts["rust"] += 10
	fmt.Println(counts, counts["none"])

	first := map[byte]int{}
	for _, w := range []string{"apple", "avocado", "banana"} {
		first[w[0]]++
	}
	fmt.Println(first['a'], first['b'], first['c'])

	c := Counter{hits: make(map[string]int)}
	c.hits["/"]++
	c.hits["/"] *= 5
	fmt.Println(c.hits["/"])

	totals := map[string]Totals{}
	t := totals["a"]
	t.N++
	t.Sum += 2.5
	totals["a"] = t
	fmt.Println(totals, totals["b"])

	avg := map[string]float64{}
	avg["x"] += 3
	avg["x"] /= 2
	fmt.Println(avg)

	groups := map[int][]string{}
	for _, w := range []string{"a", "bb", "cc", "d"} {
		groups[len(w)] = append(groups[len(w)], w)
	}
	fmt.Println(groups, len(groups[3]))

	calls := 0
	key := func() string { calls++; return "k" }
	m := map[string]int{}
	m[key()] += 2
	m[key()]++
	fmt.Println(m, calls)
}
"##,
    );
    assert_eq!(
        out,
        "map[go:3 rust:11 zig:0] 0\n2 1 0\n5\nmap[a:{1 2.5}] {0 0}\nmap[x:1.5]\nmap[1:[a d] 2:[bb cc]] 0\nmap[k:3] 2\n"
    );
}

/// Nil slices and maps print as `[]` and `map[]` (returned, assigned, in
/// fields), nil pointers and interfaces as `<nil>`. (Expected output checked against Go 1.27.)
#[test]
fn nil_values_print_as_go() {
    let out = stdout(
        r##"package main

import (
	"errors"
	"fmt"
)

type Node struct{ Next *Node }

type Batch struct {
	Items []int
	Index map[string]int
	Err   error
}

func evens(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}

func lookup(ok bool) ([]int, map[string]int, error) {
	if !ok {
		return nil, nil, errors.New("missing")
	}
	return []int{1}, map[string]int{"a": 1}, nil
}

func main() {
	fmt.Println(evens([]int{1, 3}), evens([]int{2, 4}))
	fmt.Println(lookup(false))
	fmt.Println(lookup(true))
	s := []string{"a"}
	s = nil
	var m map[string]bool
	var p *Node
	var err error
	fmt.Println(s, len(s), s == nil, m, p, err)
	fmt.Println(Batch{})
	fmt.Printf("%v %+v %d\n", []int(nil), Batch{Items: nil}, len(Batch{}.Items))
	b := Batch{Items: []int{1}}
	b.Items = nil
	fmt.Println(b.Items == nil, b)
}
"##,
    );
    assert_eq!(
        out,
        "[] [2 4]\n[] map[] missing\n[1] map[a:1] <nil>\n[] 0 true map[] <nil> <nil>\n{[] map[] <nil>}\n[] {Items:[] Index:map[] Err:<nil>} 0\ntrue {[] map[] <nil>}\n"
    );
}

/// Sized and unsigned integers wrap like Go's and print unsigned. (Expected output checked against Go 1.27.)
#[test]
fn sized_integers_wrap() {
    let out = stdout(
        r##"package main

import "fmt"

type Flags uint8

func fnv32(s string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func main() {
	fmt.Printf("%08x %d\n", fnv32("alpha"), fnv32("go"))
	var b byte = 250
	b += 10
	var i8 int8 = 127
	i8++
	var u16 uint16
	u16--
	var u64 uint64 = 1<<64 - 1
	fmt.Println(b, i8, u16, u64, u64/3, u64>>60, u64 > 1)
	x := ^uint32(0)
	fmt.Println(x, x+1, -x, int32(x), int64(x), uint8(x>>4))
	f := Flags(1) << 7
	f <<= 1
	fmt.Println(f, Flags(3)|Flags(4), ^Flags(0))
	fmt.Printf("%T %T %T %T %T %x %X\n", b, i8, u16, u64, f, u64, uint64(255))
	var sum uint32
	for i := 0; i < 50; i++ {
		sum += uint32(i) * 100000000
	}
	fmt.Println(sum, "go"[1]+200, 'a'+1)
}
"##,
    );
    assert_eq!(
        out,
        "5d8b6dab 1109423947\n4 -128 65535 18446744073709551615 6148914691236517205 15 true\n4294967295 0 1 -1 4294967295 255\n0 7 255\nuint8 int8 uint16 uint64 main.Flags ffffffffffffffff FF\n2240915712 55 98\n"
    );
}

/// Tuple assignment evaluates the left-hand operands and every right-hand
/// value first, then assigns left to right. (Expected output checked against Go 1.27.)
#[test]
fn tuple_assignment_order() {
    let out = stdout(
        r##"package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func build(n int) *Node {
	var head *Node
	for i := n; i > 0; i-- {
		head = &Node{Val: i, Next: head}
	}
	return head
}

func reverse(head *Node) *Node {
	var prev *Node
	cur := head
	for cur != nil {
		cur.Next, prev, cur = prev, cur, cur.Next
	}
	return prev
}

func show(n *Node) string {
	s := ""
	for ; n != nil; n = n.Next {
		s += fmt.Sprint(n.Val, " ")
	}
	return s
}

type pair struct{ a, b string }

func main() {
	fmt.Println(show(reverse(build(4))))
	xs := []int{1, 2, 3, 4, 5}
	for i, j := 0, len(xs)-1; i < j; i, j = i+1, j-1 {
		xs[i], xs[j] = xs[j], xs[i]
	}
	fmt.Println(xs)
	a, b := 1, 1
	for i := 0; i < 10; i++ {
		a, b = b, a+b
	}
	fmt.Println(a, b)
	k := 0
	arr := []int{10, 20, 30}
	k, arr[k] = 2, 99
	fmt.Println(k, arr)
	p := pair{"x", "y"}
	q := pair{"1", "2"}
	p, q = q, p
	p.a, p.b = p.b, p.a
	fmt.Println(p, q)
	m := map[string]int{"x": 1}
	m["x"], m["y"] = m["y"], m["x"]
	fmt.Println(m)
}
"##,
    );
    assert_eq!(
        out,
        "4 3 2 1 \n[5 4 3 2 1]\n89 144\n2 [99 20 30]\n{2 1} {x y}\nmap[x:0 y:1]\n"
    );
}

/// `fmt` calls `String()` for `%v %s %q %x` when the value's method set has
/// it (not a pointer method on a value, not in unexported fields), and
/// prints `%#v` in Go syntax and `%p` of nil as Go does. (Expected output checked against Go 1.27.)
#[test]
fn fmt_calls_string_methods() {
    let out = stdout(
        r##"package main

import "fmt"

type State int

const (
	Idle State = iota
	Running
)

func (s State) String() string {
	if s == Idle {
		return "idle"
	}
	return "running"
}

type Point struct{ X, Y int }

func (p *Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

type Job struct {
	Name  string
	State State
	state State
	Tags  []string
	Next  *Job
}

func main() {
	fmt.Println(Idle, Running, []State{Running, Idle})
	fmt.Printf("%v %s %d %q %x %5v|%-8s|\n", Running, Idle, Running, Idle, Idle, Idle, Running)
	p := Point{1, 2}
	fmt.Println(p, &p)
	fmt.Printf("%v %+v %s\n", p, p, &p)
	j := Job{Name: "build", State: Running, state: Running}
	fmt.Println(j)
	fmt.Printf("%+v\n", j)
	fmt.Printf("%#v\n", j)
	fmt.Printf("%#v %#v %#v %#v\n", []int{1, 2}, map[string]int{"a": 1}, "q", Point{3, 4})
	fmt.Printf("%p %d %T %T\n", nil, nil, j, &p)
}
"##,
    );
    assert_eq!(
        out,
        "idle running [running idle]\nrunning idle 1 \"idle\" 69646c65  idle|running |\n{1 2} (1,2)\n{1 2} {X:1 Y:2} (1,2)\n{build running 1 [] <nil>}\n{Name:build State:running state:1 Tags:[] Next:<nil>}\nmain.Job{Name:\"build\", State:1, state:1, Tags:[]string(nil), Next:(*main.Job)(nil)}\n[]int{1, 2} map[string]int{\"a\":1} \"q\" main.Point{X:3, Y:4}\n%!p(<nil>) %!d(<nil>) main.Job *main.Point\n"
    );
}

/// `errors.As` into pointer, value and interface targets, and `errors.Is`
/// through `%w` wrapping and user `Unwrap` methods. (Expected output checked against Go 1.27.)
#[test]
fn errors_as_and_is_through_wrapping() {
    let out = stdout(
        r##"package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return e.Query + ": " + e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

type CodeError struct{ Code int }

func (e CodeError) Error() string { return fmt.Sprintf("code %d", e.Code) }

type temporary interface{ Temporary() bool }

type netErr struct{}

func (netErr) Error() string   { return "net down" }
func (netErr) Temporary() bool { return true }

func find(q string) error {
	switch q {
	case "a":
		return &QueryError{Query: q, Err: ErrNotFound}
	case "b":
		return fmt.Errorf("find %s: %w", q, &QueryError{Query: q, Err: ErrNotFound})
	case "c":
		return fmt.Errorf("layer2: %w", fmt.Errorf("layer1: %w", CodeError{404}))
	case "d":
		return fmt.Errorf("op: %w", netErr{})
	}
	return errors.New("plain")
}

func main() {
	for _, q := range []string{"a", "b", "c", "d", "e"} {
		err := find(q)
		var qe *QueryError
		var ce CodeError
		var te temporary
		switch {
		case errors.As(err, &qe):
			fmt.Println("query", qe.Query, errors.Is(err, ErrNotFound), errors.Unwrap(qe) == ErrNotFound)
		case errors.As(err, &ce):
			fmt.Println("code", ce.Code, err)
		case errors.As(err, &te):
			fmt.Println("temporary", te.Temporary(), err)
		default:
			fmt.Println("other", err, errors.Is(err, ErrNotFound), qe == nil)
		}
	}
}
"##,
    );
    assert_eq!(
        out,
        "query a true true\nquery b true true\ncode 404 layer2: layer1: code 404\ntemporary true op: net down\nother plain false true\n"
    );
}

/// `ctx.Deadline()` for timeouts and deadlines (inherited by child contexts),
/// `time.Until`, `Duration.Round`/`Truncate`/`Abs`. (Expected output checked against Go 1.27.)
#[test]
fn context_deadlines_and_durations() {
    let out = stdout(
        r##"package main

import (
	"context"
	"fmt"
	"time"
)

func remaining(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return -1
	}
	return time.Until(deadline).Round(time.Second)
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	child, cancel2 := context.WithCancel(ctx)
	defer cancel2()
	short, cancel3 := context.WithDeadline(child, time.Now().Add(90*time.Second))
	defer cancel3()
	vctx := context.WithValue(short, "k", "v")
	fmt.Println(remaining(context.Background()), remaining(ctx), remaining(child), remaining(vctx))
	for _, d := range []time.Duration{1499 * time.Millisecond, 1500 * time.Millisecond, -2500 * time.Millisecond, 90 * time.Minute} {
		fmt.Println(d, d.Round(time.Second), d.Round(time.Hour), d.Truncate(time.Minute), d.Abs())
	}
	time.Sleep(100 * time.Second)
	fmt.Println(short.Err(), ctx.Err(), remaining(ctx))
}
"##,
    );
    assert_eq!(
        out,
        "-1ns 2h0m0s 2h0m0s 1m30s\n1.499s 1s 0s 0s 1.499s\n1.5s 2s 0s 0s 1.5s\n-2.5s -3s 0s 0s 2.5s\n1h30m0s 1h30m0s 2h0m0s 1h30m0s 1h30m0s\ncontext deadline exceeded <nil> 1h58m20s\n"
    );
}

/// Ranging over a nil slice or map runs zero times; over a nil channel it
/// blocks forever. (Expected output checked against Go 1.27.)
#[test]
fn range_over_nil() {
    let out = stdout(
        r##"package main

import (
	"fmt"
	"time"
)

type Feed struct {
	updates chan string
}

func (f *Feed) drain(done chan<- int) {
	n := 0
	for range f.updates {
		n++
	}
	done <- n
}

func main() {
	var s []int
	var m map[string]int
	n := 0
	for range s {
		n++
	}
	for range m {
		n++
	}
	fmt.Println("zero-time ranges:", n)
	f := &Feed{}
	done := make(chan int)
	go f.drain(done)
	select {
	case n := <-done:
		fmt.Println("drained", n)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("still ranging over a nil channel")
	}
}
"##,
    );
    assert_eq!(
        out,
        "zero-time ranges: 0\nstill ranging over a nil channel\n"
    );
}

/// A goroutine ranging over a nil channel (a field never made) stays blocked
/// on it, with Go's wait reason, after main returns.
#[test]
fn range_over_nil_channel_blocks_with_nil_chan_reason() {
    let st = run(r#"package main
type Feed struct{ updates chan string }
func main() {
	f := &Feed{}
	go func() {
		for u := range f.updates {
			println(u)
		}
	}()
	var s []string
	for range s {
		println("never")
	}
}
"#);
    let g = &st.sched.gs[1];
    match &g.status {
        Status::Blocked(b) => {
            assert_eq!(b.reason, BlockReason::NilChanRecv);
            assert_eq!(b.reason.go_name(), "chan receive (nil chan)");
        }
        other => panic!("goroutine 2 should block on the nil channel, is {other:?}"),
    }
    assert_eq!(st.out.stderr, "");
}

/// Values of declared slice, map and integer types keep their methods through
/// `append`, slicing and composite literals; a pointer method called on a
/// variable, field or element receives its address. (Expected output checked
/// against Go 1.27.)
#[test]
fn declared_slice_and_map_types_keep_methods() {
    let out = stdout(
        r##"package main

import (
	"fmt"
	"sort"
)

type Stack []string

func (s *Stack) Push(v string) { *s = append(*s, v) }
func (s *Stack) Pop() string {
	i := len(*s) - 1
	v := (*s)[i]
	*s = (*s)[:i]
	return v
}
func (s Stack) Top() string { return s[len(s)-1] }

type Set map[string]bool

func (s Set) Add(k string) { s[k] = true }
func (s Set) Keys() []string {
	var out []string
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type Counter int

func (c *Counter) Inc() { *c++ }

type Editor struct {
	undo  Stack
	edits Counter
}

func main() {
	var s Stack
	s.Push("a")
	s.Push("b")
	s.Push("c")
	fmt.Println(s.Pop(), s.Top(), s, len(s))
	e := &Editor{}
	e.undo.Push("type")
	e.edits.Inc()
	e.edits.Inc()
	stacks := []Stack{{"p"}, {}}
	stacks[1].Push("q")
	fmt.Println(e.undo, e.edits, stacks)
	set := Set{}
	set.Add("b")
	set.Add("a")
	fmt.Println(set.Keys(), len(set), set["a"], set["z"])
}
"##,
    );
    assert_eq!(out, "c b [a b] 2\n[type] 2 [[p] [q]]\n[a b] 2 true false\n");
}

/// The conversion `time.Duration(n)` (of ints, sized ints and floats), and
/// durations printed as Go prints them. (Expected output checked against Go
/// 1.27.)
#[test]
fn duration_conversion_and_string() {
    let out = stdout(
        r##"package main

import (
	"fmt"
	"time"
)

func backoff(attempt int) time.Duration {
	return time.Duration(1<<attempt) * 50 * time.Millisecond
}

func main() {
	for i := 0; i < 4; i++ {
		fmt.Print(backoff(i), " ")
	}
	fmt.Println()
	var n uint32 = 1500
	d := time.Duration(n) * time.Microsecond
	fmt.Println(d, d.Round(time.Millisecond), time.Duration(2.5*float64(time.Second)), time.Duration(1<<63-1))
	start := time.Now()
	time.Sleep(backoff(2))
	fmt.Println(time.Since(start).Round(10 * time.Millisecond))
}
"##,
    );
    assert_eq!(
        out,
        "50ms 100ms 200ms 400ms \n1.5ms 2ms 2.5s 2562047h47m16.854775807s\n200ms\n"
    );
}

/// A method name declared with a pointer receiver on both a slice type and a
/// struct type: calls on pointer fields, pointer elements, struct fields and
/// variables each reach the right method. (Expected output checked against
/// Go 1.27.)
#[test]
fn pointer_methods_on_fields_elements_and_pointers() {
    let out = stdout(
        r##"package main

import (
	"fmt"
	"sync"
)

type Stack []int

func (s *Stack) Push(v int) { *s = append(*s, v) }

type Queue struct {
	mu    sync.Mutex
	items []int
}

func (q *Queue) Push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
}

type Server struct {
	q      *Queue
	queues []*Queue
	local  Queue
	hist   Stack
	mu     sync.Mutex
	counts map[string]int
}

func main() {
	s := &Server{q: &Queue{}, queues: []*Queue{{}, {}}, counts: map[string]int{}}
	s.q.Push(1)
	s.queues[1].Push(2)
	s.local.Push(3)
	s.hist.Push(4)
	s.mu.Lock()
	s.counts["x"]++
	s.mu.Unlock()
	q := &Queue{}
	q.Push(5)
	var st Stack
	st.Push(6)
	fmt.Println(s.q.items, s.queues[1].items, s.local.items, s.hist, q.items, st, s.counts)
}
"##,
    );
    assert_eq!(out, "[1] [2] [3] [4] [5] [6] map[x:1]\n");
}

#[test]
fn non_positive_ticker_periods_behave_as_in_go() {
    // Checked against Go 1.27: Tick(0) is nil, NewTicker(0) panics.
    let out = stdout(
        r#"package main
import ("fmt"; "time")
func main() {
	fmt.Println(time.Tick(0) == nil)
	defer func() { fmt.Println("recovered:", recover()) }()
	time.NewTicker(0)
}
"#,
    );
    assert_eq!(
        out,
        "true\nrecovered: non-positive interval for NewTicker\n"
    );
}

#[test]
fn a_ticker_that_wakes_nobody_is_bounded_by_steps() {
    // main blocks forever on a nil channel while a 1 ns ticker fires into a
    // full buffer: the clock would advance forever without a step bound.
    let st = run(r#"package main
import "time"
func main() {
	t := time.NewTicker(time.Nanosecond)
	defer t.Stop()
	var never chan int
	<-never
}
"#);
    assert!(
        matches!(
            st.outcome,
            Some(Outcome::Bounded { .. }) | Some(Outcome::Deadlock)
        ),
        "{:?}",
        st.outcome
    );
}

#[test]
fn a_string_method_that_blocks_blocks_the_print_as_in_go() {
    // Go deadlocks: fmt calls String, which waits for the lock main holds.
    // String runs as a frame of its own, so main blocks inside it.
    let st = run(r#"package main
import ("fmt"; "sync")
type T struct{ mu sync.Mutex }
func (t *T) String() string { t.mu.Lock(); defer t.mu.Unlock(); return "T!" }
func main() { t := &T{}; fmt.Printf("a: %s\n", t); t.mu.Lock(); fmt.Printf("x: %s\n", t) }
"#);
    assert_eq!(st.outcome, Some(Outcome::Deadlock));
    assert_eq!(st.out.stdout, "a: T!\n");
}

#[test]
fn a_string_method_that_blocks_in_a_deferred_or_go_print_blocks_as_in_go() {
    // A deferred or `go` print runs through `gowrap`, so String is a frame
    // of its own there too: Go deadlocks in the deferred print (it used to
    // be the blocking-callback bound), and a `go` print waits for the lock.
    let st = run(r#"package main
import ("fmt"; "sync")
type T struct{ mu sync.Mutex }
func (t *T) String() string { t.mu.Lock(); defer t.mu.Unlock(); return "T!" }
func main() { t := &T{}; t.mu.Lock(); defer fmt.Printf("x: %s\n", t) }
"#);
    assert_eq!(st.outcome, Some(Outcome::Deadlock));
    assert_eq!(st.out.stdout, "");
    let st = run(r#"package main
import ("fmt"; "sync"; "time")
type T struct{ mu sync.Mutex }
func (t *T) String() string { t.mu.Lock(); defer t.mu.Unlock(); return "T!" }
func main() {
	t := &T{}
	t.mu.Lock()
	go fmt.Printf("x: %s\n", t)
	time.Sleep(time.Millisecond)
	fmt.Println("unlock")
	t.mu.Unlock()
	time.Sleep(time.Millisecond)
}
"#);
    assert_eq!(st.outcome, Some(Outcome::Finished));
    assert_eq!(st.out.stdout, "unlock\nx: T!\n");
}

/// A loop that polls alone with nothing pending is seen to repeat after a
/// few checkpoints, not cut by the step bound: Go spins forever, and the
/// run ends with `Livelock` at the poll. Each kind of poll (a select's
/// default, a failed `TryLock` with `Gosched`, `Sleep(0)`) and a lock that is
/// taken and given back each time.
#[test]
fn a_loop_that_polls_alone_is_a_livelock_found_quickly() {
    for (body, line) in [
        ("never := make(chan int)\n\tfor {\n\t\tselect {\n\t\tcase <-never:\n\t\t\treturn\n\t\tdefault:\n\t\t}\n\t}", 3),
        ("var mu sync.Mutex\n\tmu.Lock()\n\tfor !mu.TryLock() {\n\t\truntime.Gosched()\n\t}", 3),
        ("done := false\n\tfor !done {\n\t\ttime.Sleep(0)\n\t}", 3),
        ("var mu sync.Mutex\n\tn := 0\n\tfor n == 0 {\n\t\tmu.Lock()\n\t\tmu.Unlock()\n\t}", 4),
    ] {
        let src = format!(
            "package main\n\nimport (\n\t\"runtime\"\n\t\"sync\"\n\t\"time\"\n)\n\nvar _ = runtime.Gosched\nvar _ = time.Sleep\nvar _ sync.Mutex\n\nfunc main() {{\n\t{body}\n}}\n"
        );
        let st = run(&src);
        let Some(Outcome::Livelock { span, polls, .. }) = st.outcome else {
            panic!("{body}: {:?} after {} steps", st.outcome, st.steps);
        };
        assert!(polls, "{body}");
        let at = src[..span.start as usize].matches('\n').count() + 1;
        assert_eq!(at, line + 13, "{body}");
        assert!(st.steps < 50_000, "{body}: {} steps", st.steps);
    }
}

/// Several goroutines that can run but only poll each other (a try-send
/// meeting a try-receive on an unbuffered channel; a lock-and-look loop
/// beside a select's default) come back to a state of the default schedule
/// with the same run queue: a livelock of all of them, each named at its
/// first operation in the loop, found long before the step bound.
#[test]
fn goroutines_polling_each_other_are_one_livelock() {
    let st = run(r#"package main
func main() {
	c := make(chan int)
	done := make(chan bool)
	go func() {
		for {
			select {
			case c <- 1:
				return
			default:
			}
		}
	}()
	go func() {
		for {
			select {
			case <-c:
				done <- true
				return
			default:
			}
		}
	}()
	<-done
}
"#);
    let Some(Outcome::Livelock {
        goroutine,
        polls,
        others,
        ..
    }) = &st.outcome
    else {
        panic!("{:?} after {} steps", st.outcome, st.steps);
    };
    assert!(*polls);
    assert_eq!(goroutine.number(), 2);
    assert_eq!(others.iter().map(|o| o.0.number()).collect::<Vec<_>>(), [3]);
    assert!(st.steps < 200_000, "{} steps", st.steps);
    let st = run(r#"package main
import "sync"
func main() {
	var mu sync.Mutex
	ready := false
	go func() {
		for {
			mu.Lock()
			r := ready
			mu.Unlock()
			if r {
				return
			}
		}
	}()
	never := make(chan int)
	for {
		select {
		case <-never:
		default:
		}
	}
}
"#);
    let Some(Outcome::Livelock {
        goroutine, others, ..
    }) = &st.outcome
    else {
        panic!("{:?} after {} steps", st.outcome, st.steps);
    };
    assert_eq!(goroutine.number(), 1);
    assert_eq!(others.len(), 1);
}

/// A loop that waits for a deadline by reading the clock ends as in Go:
/// its clock moves on while it spins, whether the loop counts its rounds
/// (no state repeats) or not. (Beside another spinner the clock moves only
/// when the whole program comes back to a state: slower, see ENGINE.md.)
#[test]
fn a_loop_that_reads_the_clock_until_a_deadline_ends() {
    let out = stdout(
        r#"package main
import ("fmt"; "time")
func main() {
	done := make(chan bool)
	go func() {
		deadline := time.Now().Add(2 * time.Millisecond)
		for time.Now().Before(deadline) {
		}
		done <- true
	}()
	<-done
	end := time.Now().Add(time.Millisecond)
	for time.Until(end) > 0 {
	}
	rounds := 0
	start := time.Now()
	for time.Since(start) < 10*time.Millisecond {
		rounds++
	}
	fmt.Println(rounds > 0)
}
"#,
    );
    assert_eq!(out, "true\n");
}

/// Pollers that move something on at each round end as Go ends them, and
/// a loop that waits for a random draw, or for a select with several ready
/// cases to take another one, is no livelock: the default schedule always
/// draws 0 and takes the first case, where Go's choice is random.
#[test]
fn a_loop_that_waits_for_a_random_choice_is_no_livelock() {
    // Two pollers that hand a value back and forth (the precision
    // corpus's program).
    let out = stdout(include_str!(
        "../../testdata/correct/pollers_that_make_progress.go"
    ));
    assert_eq!(out, "done\n");
    for body in [
        "for rand.Intn(3) != 2 {\n\t}",
        "a, b := make(chan int, 1), make(chan int, 1)\n\ta <- 1\n\tb <- 2\n\tfor {\n\t\tselect {\n\t\tcase v := <-a:\n\t\t\ta <- v\n\t\tcase <-b:\n\t\t\treturn\n\t\t}\n\t}",
    ] {
        let src = format!(
            "package main\n\nimport \"math/rand\"\n\nvar _ = rand.Intn\n\nfunc main() {{\n\tnever := make(chan int)\n\tgo func() {{\n\t\tfor {{\n\t\t\tselect {{\n\t\t\tcase <-never:\n\t\t\tdefault:\n\t\t\t}}\n\t\t}}\n\t}}()\n\t{body}\n}}\n"
        );
        let st = run_with_limits(&src, 300_000);
        assert!(
            !matches!(st.outcome, Some(Outcome::Livelock { .. })),
            "{body}: {:?}",
            st.outcome
        );
    }
}

/// Polling alone with a timer pending lets the timer fire (Go's clock moves
/// on while the loop spins), for a `Gosched` loop as for a select's default.
#[test]
fn a_gosched_loop_alone_lets_time_pass() {
    let out = stdout(
        r#"package main
import ("fmt"; "runtime"; "sync/atomic"; "time")
func main() {
	var done atomic.Bool
	go func() { time.Sleep(time.Second); done.Store(true) }()
	for !done.Load() {
		runtime.Gosched()
	}
	fmt.Println("done")
}
"#,
    );
    assert_eq!(out, "done\n");
}

#[test]
fn a_quoted_operation_is_whole_or_cut_at_a_space() {
    let src = "package main\n\nfunc main() {\n\tch := make(chan result)\n\tch <- result{url: u, body: body, err: err}\n\tch <- result{url: someLongURL, body: someLongBody, err: someLongError, n: 1}\n}\n";
    let parsed = syntax::parse(src);
    let machine = Machine::new(compile(model::lower(&parsed)), Limits::default()).with_source(src);
    let span_of = |code: &str| {
        let start = src.find(code).unwrap();
        crate::position::Span::new(start, start + code.len())
    };
    let short = "ch <- result{url: u, body: body, err: err}";
    assert_eq!(
        machine.quote(span_of(short)),
        format!(" `{short}` (line 5)")
    );
    let long = "ch <- result{url: someLongURL, body: someLongBody, err: someLongError, n: 1}";
    assert_eq!(
        machine.quote(span_of(long)),
        " `ch <- result{url: someLongURL, body: someLongBody, err:…` (line 6)"
    );
}

/// A `sync.Once` whose function panicked is done, as in Go: a later `Do`
/// (after the panic was recovered) returns without calling its function.
#[test]
fn once_is_done_after_its_function_panicked() {
    let out = stdout(
        r#"package main
import ("fmt"; "sync")
func try(o *sync.Once, f func()) (err any) {
	defer func() { err = recover() }()
	o.Do(f)
	return nil
}
func main() {
	var o sync.Once
	fmt.Println(try(&o, func() { panic("boom") }))
	fmt.Println(try(&o, func() { fmt.Println("called") }))
	o.Do(func() { fmt.Println("called again") })
	fmt.Println("done")
}
"#,
    );
    assert_eq!(out, "boom\n<nil>\ndone\n");
}

/// The default schedule checks timers at every scheduling point, as Go's
/// scheduler does: a 1 ns timer, `AfterFunc` or sleep is due at the next
/// one, not only once no goroutine can run.
#[test]
fn the_default_schedule_fires_due_timers_at_scheduling_points() {
    let out = stdout(
        r#"package main
import ("fmt"; "sync/atomic"; "time")
func main() {
	t := time.NewTimer(time.Nanosecond)
	var ran atomic.Bool
	time.AfterFunc(time.Nanosecond, func() { ran.Store(true) })
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	for i := 0; i < 3; i++ {
		ping <- i
		<-pong
		select {
		case <-t.C:
			fmt.Println(i, "fired", ran.Load())
		default:
			fmt.Println(i, "quiet")
		}
	}
	close(ping)
}
"#,
    );
    assert_eq!(out, "0 fired true\n1 quiet\n2 quiet\n");
}
