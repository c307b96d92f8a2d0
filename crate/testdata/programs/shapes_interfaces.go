// leakscope: deterministic
//
// Interfaces, value and pointer receivers, a type switch, and float
// formatting.
package main

import (
	"fmt"
	"math"
)

type Shape interface {
	Area() float64
	Perimeter() float64
}

type Rect struct{ W, H float64 }

type Circle struct{ R float64 }

type Square struct {
	Side  float64
	scale int
}

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

func (c Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.R }

func (s *Square) Area() float64      { return s.Side * s.Side }
func (s *Square) Perimeter() float64 { return 4 * s.Side }
func (s *Square) Grow()              { s.Side *= 2; s.scale++ }

func describe(s Shape) string {
	switch v := s.(type) {
	case Rect:
		return fmt.Sprintf("rect %gx%g", v.W, v.H)
	case Circle:
		return fmt.Sprintf("circle r=%g", v.R)
	case *Square:
		return fmt.Sprintf("square side=%g (grown %d times)", v.Side, v.scale)
	default:
		return "unknown"
	}
}

func main() {
	sq := &Square{Side: 1.5}
	sq.Grow()
	shapes := []Shape{Rect{3, 4}, Circle{1}, sq}
	total := 0.0
	for i, s := range shapes {
		fmt.Printf("%d. %-28s area=%8.3f perimeter=%.2f\n", i+1, describe(s), s.Area(), s.Perimeter())
		total += s.Area()
	}
	fmt.Printf("total area %.4f, %T first\n", total, shapes[0])
	if _, ok := shapes[1].(interface{ Grow() }); !ok {
		fmt.Println("a circle cannot grow")
	}
}
