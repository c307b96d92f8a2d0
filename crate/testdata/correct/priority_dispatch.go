package main

import "fmt"

type Task struct {
	Name   string
	Urgent bool
}

// dispatch prefers urgent tasks: it checks the urgent queue first without
// blocking, then waits on both; it returns once both queues are closed.
func dispatch(urgent, normal <-chan Task) []string {
	var order []string
	for urgent != nil || normal != nil {
		select {
		case t, ok := <-urgent:
			if !ok {
				urgent = nil
				continue
			}
			order = append(order, t.Name)
			continue
		default:
		}
		select {
		case t, ok := <-urgent:
			if !ok {
				urgent = nil
				continue
			}
			order = append(order, t.Name)
		case t, ok := <-normal:
			if !ok {
				normal = nil
				continue
			}
			order = append(order, t.Name)
		}
	}
	return order
}

func main() {
	urgent := make(chan Task, 2)
	normal := make(chan Task, 3)
	urgent <- Task{"page on-call", true}
	normal <- Task{"rebuild index", false}
	normal <- Task{"send digest", false}
	urgent <- Task{"rotate leaked key", true}
	close(urgent)
	close(normal)
	fmt.Println(dispatch(urgent, normal))
}
