// Package workers runs functions on goroutines of their own.
package workers

// Submit runs f on a goroutine of its own.
func Submit(f func()) { go f() }
