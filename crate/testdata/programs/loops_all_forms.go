// leakscope: deterministic
//
// Every form of for: three-clause, condition only, infinite with break,
// range over int, slice, array, map (sorted keys), string (runes) and
// channel; labelled break and continue; and a simple goto.
package main

import "fmt"

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func main() {
	sum := 0
	for i := 0; i < 5; i++ {
		sum += i
	}
	fmt.Println("three-clause:", sum)

	n := 1
	for n < 100 {
		n *= 3
	}
	fmt.Println("condition:", n)

	k := 0
	for {
		k++
		if k == 4 {
			break
		}
	}
	fmt.Println("infinite:", k)

	for i := range 3 {
		fmt.Print("int ", i, "; ")
	}
	fmt.Println()

	for i, s := range []string{"a", "b"} {
		fmt.Print("slice ", i, s, "; ")
	}
	arr := [3]int{7, 8, 9}
	for i := range arr {
		arr[i] *= 2
	}
	fmt.Println("array", arr)

	ages := map[string]int{"carol": 41, "alice": 30, "bob": 25}
	for _, name := range sortedKeys(ages) {
		fmt.Printf("%s=%d ", name, ages[name])
	}
	fmt.Println()

	for i, r := range "héllo, 世界" {
		fmt.Printf("%d:%c ", i, r)
	}
	fmt.Println()

	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	ch <- 3
	close(ch)
	for v := range ch {
		fmt.Print("chan ", v, "; ")
	}
	fmt.Println()

outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Printf("(%d,%d) ", i, j)
		}
	}
	fmt.Println()

	attempts := 0
retry:
	attempts++
	if attempts < 3 {
		goto retry
	}
	fmt.Println("goto attempts:", attempts)
}
