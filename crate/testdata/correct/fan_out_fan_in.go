package main

import (
	"fmt"
	"sync"
)

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for d := 2; d*d <= n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// Several checkers share one input channel (fan-out) and write to one output
// channel (fan-in).
func countPrimes(limit, checkers int) int {
	nums := make(chan int)
	primes := make(chan int)
	go func() {
		defer close(nums)
		for n := 0; n < limit; n++ {
			nums <- n
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < checkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range nums {
				if isPrime(n) {
					primes <- n
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(primes)
	}()
	count := 0
	for range primes {
		count++
	}
	return count
}

func main() {
	fmt.Println(countPrimes(200, 4))
}
