package main

import (
	"fmt"
	"time"
)

type Reading struct {
	Sensor  string
	Celsius float64
}

// monitor leaves its select loop with a labelled break, either when the
// readings end or when one is out of range, and stops its timer on the way out.
func monitor(readings <-chan Reading, limit float64) (Reading, bool) {
	idle := time.NewTimer(50 * time.Millisecond)
	defer idle.Stop()
	var alarm Reading
	found := false
loop:
	for {
		select {
		case r, ok := <-readings:
			if !ok {
				break loop
			}
			if r.Celsius > limit {
				alarm, found = r, true
				break loop
			}
		case <-idle.C:
			break loop
		}
	}
	return alarm, found
}

func main() {
	readings := make(chan Reading, 5)
	for i, c := range []float64{21.5, 22.0, 78.3, 23.1} {
		readings <- Reading{fmt.Sprintf("rack-%d", i), c}
	}
	close(readings)
	fmt.Println(monitor(readings, 60))
}
