// leakscope: deterministic
//
// iota constants with a String method, bit flags, and the common fmt verbs.
package main

import "fmt"

type State int

const (
	Idle State = iota
	Running
	Blocked
	Done
)

func (s State) String() string {
	switch s {
	case Idle:
		return "idle"
	case Running:
		return "running"
	case Blocked:
		return "blocked"
	case Done:
		return "done"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
)

const (
	_  = iota
	KB = 1 << (10 * iota)
	MB
)

type point struct {
	X, Y int
}

func main() {
	fmt.Println(Idle, Running, Blocked, Done, State(9))
	fmt.Printf("%v %d %s %q\n", Blocked, Blocked, Blocked, Blocked)
	p := Read | Exec
	fmt.Printf("perm %03b read=%t write=%t\n", p, p&Read != 0, p&Write != 0)
	fmt.Println("KB", KB, "MB", MB)
	pt := point{3, -4}
	fmt.Printf("%v %+v %#v %T\n", pt, pt, pt, pt)
	fmt.Printf("%x %X %o %08.3f %e %g\n", 255, 255, 8, 3.14159, 1234.5678, 0.000012)
	fmt.Printf("%c %U %q %5s|%-5s|\n", 'G', '世', 'x', "ab", "cd")
	fmt.Printf("%t %p\n", true, nil)
	fmt.Printf("%6.2f%%\n", 12.3456)
	fmt.Println(fmt.Sprintf("%v", []string{"a", "b"}), fmt.Sprint(1, 2, "x", 3))
}
