// leakscope: deterministic
//
// Strings are bytes; ranging decodes runes. Converting between string,
// []rune and []byte, building strings, and comparing.
package main

import "fmt"

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func isPalindrome(s string) bool {
	var letters []rune
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' {
			letters = append(letters, c)
		}
	}
	for i := 0; i < len(letters)/2; i++ {
		if letters[i] != letters[len(letters)-1-i] {
			return false
		}
	}
	return true
}

func caesar(s string, shift byte) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = 'a' + (c-'a'+shift)%26
		}
	}
	return string(b)
}

func main() {
	s := "Grüße, 世界"
	fmt.Println(len(s), "bytes,", len([]rune(s)), "runes")
	fmt.Println(reverse(s))
	fmt.Println(s[0], string(s[0]), s[:3], s[7:])
	var r rune = 'é'
	fmt.Println(r, string(r), fmt.Sprintf("%c%c", r, 'Z'+1))
	fmt.Println(isPalindrome("A man, a plan, a canal: Panama"), isPalindrome("gopher"))
	fmt.Println(caesar("hello, world", 3))
	fmt.Println("apple" < "banana", "Go" == "G"+"o")
	out := ""
	for i := 0; i < 3; i++ {
		out += fmt.Sprintf("[%d]", i)
	}
	fmt.Println(out)
}
