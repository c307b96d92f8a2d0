// leakscope: deterministic
//
// Slices share backing arrays: append may or may not copy, copy copies the
// minimum length, slicing keeps capacity. Maps: comma-ok lookup, delete,
// counting, nested maps, and printing (fmt sorts map keys).
package main

import "fmt"

func main() {
	s := make([]int, 0, 4)
	for i := 1; i <= 6; i++ {
		s = append(s, i*i)
		fmt.Printf("len=%d cap>=len:%t ", len(s), cap(s) >= len(s))
	}
	fmt.Println()

	a := []int{1, 2, 3, 4, 5}
	b := a[1:3]
	b[0] = 20
	fmt.Println(a, b, len(b), cap(b))
	b = append(b, 30)
	fmt.Println("append wrote through:", a)

	dst := make([]int, 3)
	n := copy(dst, a)
	fmt.Println("copied", n, dst)
	fmt.Println(a[:2], a[3:], a[:], a[2:2])

	var nilSlice []string
	fmt.Println(nilSlice == nil, len(nilSlice), append(nilSlice, "x"))

	words := []string{"go", "rust", "go", "zig", "go", "rust"}
	counts := map[string]int{}
	for _, w := range words {
		counts[w]++
	}
	fmt.Println(counts, len(counts))
	if c, ok := counts["go"]; ok {
		fmt.Println("go appears", c, "times")
	}
	_, ok := counts["java"]
	fmt.Println("java present:", ok)
	delete(counts, "zig")
	fmt.Println(counts)

	graph := map[string][]string{}
	graph["a"] = append(graph["a"], "b", "c")
	graph["b"] = append(graph["b"], "c")
	fmt.Println(graph, len(graph["c"]))

	matrix := [][]float64{{1, 2}, {3, 4}}
	matrix[1] = append(matrix[1], 5.5)
	fmt.Println(matrix)
}
