// Package pool runs functions on goroutines of their own.
package pool

// Submit runs f on a goroutine of its own.
func Submit(f func()) { go f() }
