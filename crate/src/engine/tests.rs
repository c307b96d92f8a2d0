//! Programs run on the default schedule: output and outcome as Go gives them.

use super::*;
use crate::{model, syntax};

fn run(src: &str) -> State {
    let parsed = syntax::parse(src);
    let program = model::lower(&parsed);
    let main = program.func_by_name("main").expect("main");
    let machine = Machine::new(compile(program), Limits::default());
    run_default(&machine, main)
}

fn stdout(src: &str) -> String {
    let st = run(src);
    let end = st.stdout_at_exit.unwrap_or(st.stdout.len());
    st.stdout[..end].to_string()
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
        .stderr
        .starts_with("panic: close of closed channel\n\ngoroutine 1 [running]:"));
    let st = run("package main\nfunc main() {\n\tch := make(chan int)\n\t<-ch\n}\n");
    assert_eq!(st.outcome, Some(Outcome::Deadlock));
    assert!(st
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
