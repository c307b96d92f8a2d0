// leakscope: deterministic
//
// switch with an init statement, tagless switch, multiple values per case,
// fallthrough, and a type switch over an interface slice.
package main

import (
	"errors"
	"fmt"
)

func grade(score int) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 75:
		return "B"
	case score >= 50:
		return "C"
	default:
		return "F"
	}
}

func kind(r rune) string {
	switch r {
	case 'a', 'e', 'i', 'o', 'u':
		return "vowel"
	case ' ':
		return "space"
	}
	return "other"
}

func levels(n int) []string {
	var out []string
	switch n {
	case 3:
		out = append(out, "three")
		fallthrough
	case 2:
		out = append(out, "two")
		fallthrough
	case 1:
		out = append(out, "one")
	}
	return out
}

func inspect(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprintf("integer %v", x)
	case string:
		return fmt.Sprintf("string of %d bytes", len(x))
	case error:
		return "error " + x.Error()
	case []int:
		return fmt.Sprintf("slice len %d", len(x))
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	for _, s := range []int{95, 80, 51, 10} {
		fmt.Print(grade(s), " ")
	}
	fmt.Println()
	fmt.Println(kind('e'), kind(' '), kind('z'))
	fmt.Println(levels(3), levels(1), len(levels(0)))
	switch x := len(levels(2)); x {
	case 2:
		fmt.Println("two levels")
	default:
		fmt.Println("unexpected", x)
	}
	for _, v := range []any{nil, 42, int64(7), "héllo", errors.New("boom"), []int{1, 2}, 3.5} {
		fmt.Println(inspect(v))
	}
}
