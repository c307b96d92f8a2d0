package collect

import "strings"

// The results channel has one slot per job, whatever the caller passes: each
// worker sends once without waiting, and the channel is closed after the
// last send and drained by the range.

func upperAll(jobs []string) []string {
	out := make(chan string, len(jobs))
	for _, j := range jobs {
		out <- strings.ToUpper(j)
	}
	close(out)
	var all []string
	for s := range out {
		all = append(all, s)
	}
	return all
}

func lengths(jobs map[string]string) int {
	done := make(chan int, len(jobs))
	for k, v := range jobs {
		go func() {
			done <- len(k) + len(v)
		}()
	}
	total := 0
	for range jobs {
		total += <-done
	}
	return total
}
