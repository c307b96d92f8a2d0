// leakscope: deterministic
//
// Pointers: a linked list with insertion and reversal, nil checks, passing
// pointers to modify the caller's value, and multiple assignment swaps.
package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

type List struct {
	head *Node
	size int
}

func (l *List) Push(v int) {
	l.head = &Node{Val: v, Next: l.head}
	l.size++
}

func (l *List) Reverse() {
	var prev *Node
	cur := l.head
	for cur != nil {
		cur.Next, prev, cur = prev, cur, cur.Next
	}
	l.head = prev
}

func (l List) String() string {
	s := "["
	for n := l.head; n != nil; n = n.Next {
		if n != l.head {
			s += " -> "
		}
		s += fmt.Sprint(n.Val)
	}
	return s + "]"
}

func double(p *int) { *p *= 2 }

func main() {
	var l List
	for i := 1; i <= 4; i++ {
		l.Push(i)
	}
	fmt.Println(l, l.size)
	l.Reverse()
	fmt.Println(l)

	x := 21
	double(&x)
	fmt.Println("x =", x)

	a, b := "left", "right"
	a, b = b, a
	fmt.Println(a, b)

	var empty *Node
	fmt.Println("empty is nil:", empty == nil)
	p := new(int)
	*p = 5
	q := p
	*q++
	fmt.Println(*p)
}
