// leakscope: deterministic
//
// A consistent-hash ring: FNV-1a over uint32 (whose arithmetic wraps), a few
// virtual points per node, lookups by binary search. Goroutines route keys
// concurrently and record their node under a mutex.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type NodeID uint8

func (n NodeID) String() string { return fmt.Sprintf("node-%d", uint8(n)) }

func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

type point struct {
	hash uint32
	node NodeID
}

type Ring struct {
	points []point
}

func NewRing(nodes int, replicas int) *Ring {
	r := &Ring{}
	for n := 0; n < nodes; n++ {
		for v := 0; v < replicas; v++ {
			id := NodeID(n + 1)
			r.points = append(r.points, point{fnv1a(fmt.Sprintf("%v#%d", id, v)), id})
		}
	}
	sort.Slice(r.points, func(i, j int) bool { return r.points[i].hash < r.points[j].hash })
	return r
}

func (r *Ring) Lookup(key string) (NodeID, uint32) {
	h := fnv1a(key)
	i := sort.Search(len(r.points), func(i int) bool { return r.points[i].hash >= h })
	if i == len(r.points) {
		i = 0
	}
	return r.points[i].node, h
}

func main() {
	ring := NewRing(3, 4)
	fmt.Printf("%d points, first %08x %v\n", len(ring.points), ring.points[0].hash, ring.points[0].node)

	keys := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	var mu sync.Mutex
	placed := map[NodeID][]string{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			node, _ := ring.Lookup(k)
			mu.Lock()
			placed[node] = append(placed[node], k)
			mu.Unlock()
		}()
	}
	wg.Wait()
	for n := NodeID(1); n <= 3; n++ {
		sort.Strings(placed[n])
		fmt.Println(n, placed[n])
	}
	fmt.Println(ring.Lookup("alice"))
	var sum uint32
	for _, p := range ring.points {
		sum += p.hash
	}
	fmt.Printf("checksum %08x %d\n", sum, sum>>28)
}
