// leakscope: deterministic
//
// Struct embedding: the embedded type's fields and methods are promoted, an
// outer method shadows an inner one, and the outer type satisfies an
// interface through a promoted method.
package main

import "fmt"

type Named interface {
	Name() string
}

type Base struct {
	ID    int
	label string
}

func (b Base) Name() string       { return fmt.Sprintf("base-%d", b.ID) }
func (b *Base) SetLabel(l string) { b.label = l }
func (b Base) Describe() string   { return "base " + b.label }

type Timestamps struct {
	Created, Updated int
}

func (t *Timestamps) Touch(now int) { t.Updated = now }

type User struct {
	Base
	Timestamps
	Email string
}

func (u User) Describe() string { return "user " + u.Email + " / " + u.Base.Describe() }

func greet(n Named) string { return "hello, " + n.Name() }

func main() {
	u := User{Base: Base{ID: 7}, Timestamps: Timestamps{Created: 100}, Email: "ada@example.com"}
	u.SetLabel("admin")
	u.Touch(250)
	fmt.Println(greet(u))
	fmt.Println(u.Describe())
	fmt.Println(u.ID, u.label, u.Created, u.Updated)
	fmt.Printf("%+v\n", u)
}
