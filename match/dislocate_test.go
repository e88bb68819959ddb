package match

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func checkAssignment(t *testing.T, fit [][]float64, capacity, col []int) {
	t.Helper()
	used := make([]int, len(capacity))
	for i, k := range col {
		if k < 0 {
			continue
		}
		if fit[i][k] != fit[i][k] {
			t.Fatalf("row %d given to column %d where it is no candidate", i, k)
		}
		used[k]++
	}
	for k := range used {
		if used[k] > capacity[k] {
			t.Fatalf("column %d holds %d, capacity %d", k, used[k], capacity[k])
		}
	}
}

// bruteAssign is the optimum by enumeration (tiny instances).
func bruteAssign(fit [][]float64, capacity []int) float64 {
	best := 0.0
	left := append([]int(nil), capacity...)
	var rec func(i int, s float64)
	rec = func(i int, s float64) {
		if i == len(fit) {
			best = max(best, s)
			return
		}
		rec(i+1, s)
		for k, v := range fit[i] {
			if v == v && v > 0 && left[k] > 0 {
				left[k]--
				rec(i+1, s+v)
				left[k]++
			}
		}
	}
	rec(0, 0)
	return best
}

func TestAssign(t *testing.T) {
	// Greedy takes (0,0)=.9 and strands row 1; the assignment gives row 0 to
	// column 1 and row 1 to column 0.
	fit := [][]float64{{.9, .8}, {.85, math.NaN()}}
	col := assign(fit, []int{1, 1})
	if col[0] != 1 || col[1] != 0 {
		t.Errorf("assignment %v, want [1 0]", col)
	}
	if g := greedyAssign(fit, []int{1, 1}); TotalFit(fit, g) >= TotalFit(fit, col) {
		t.Errorf("greedy %v not worse here", g)
	}
	r := rand.New(rand.NewPCG(3, 4))
	var better int
	for trial := 0; trial < 300; trial++ {
		nr, nc := 1+r.IntN(7), 1+r.IntN(4)
		if trial >= 200 { // larger instances: no enumeration
			nr, nc = 60+r.IntN(100), 2+r.IntN(9)
		}
		fit := make([][]float64, nr)
		for i := range fit {
			fit[i] = make([]float64, nc)
			for k := range fit[i] {
				fit[i][k] = math.NaN()
				if r.Float64() < .7 {
					fit[i][k] = r.Float64()
				}
			}
		}
		capacity := make([]int, nc)
		for k := range capacity {
			capacity[k] = r.IntN(nr/2 + 2)
		}
		col := assign(fit, capacity)
		checkAssignment(t, fit, capacity, col)
		greedy := greedyAssign(fit, capacity)
		checkAssignment(t, fit, capacity, greedy)
		a, g := TotalFit(fit, col), TotalFit(fit, greedy)
		if a < g-1e-9 {
			t.Fatalf("trial %d: assignment %v below greedy %v", trial, a, g)
		}
		if a > g+1e-9 {
			better++
		}
		if trial < 200 {
			if b := bruteAssign(fit, capacity); math.Abs(a-b) > 1e-9 {
				t.Fatalf("trial %d: assignment %v, optimum %v", trial, a, b)
			}
		}
	}
	t.Logf("assignment beat greedy in %d of 300 instances, never worse", better)
}

func TestDislocate(t *testing.T) {
	a := []chainmatch.Target{tagged("x", .9), tagged("y", .5), tagged("z", .4), tagged("v", .1)}
	b := []chainmatch.Target{tagged("y", .7), tagged("x", .6), tagged("w", .3)}
	c := []chainmatch.Target{tagged("x", .95), tagged("u", .2)}
	counties := []string{"331122", "331124", "331181"}
	out, conflicts := Dislocate(counties, [][]chainmatch.Target{a, b, c}, 2, nil)
	seen := map[string]string{}
	for k, l := range out {
		if len(l) > 2 {
			t.Errorf("%s has %d targets, capacity 2", counties[k], len(l))
		}
		for i, tg := range l {
			if prev, dup := seen[tg.Enterprise.ID]; dup {
				t.Errorf("%s given to %s and %s", tg.Enterprise.ID, prev, counties[k])
			}
			seen[tg.Enterprise.ID] = counties[k]
			if tg.Rank != i+1 {
				t.Errorf("%s rank %d at %d", counties[k], tg.Rank, i)
			}
		}
	}
	// x fits 331181 best; y fits 331124 best; 331122 fills with z and v.
	if ids(out[0]) != "zv" || ids(out[1]) != "yw" || ids(out[2]) != "xu" {
		t.Errorf("dislocated %s / %s / %s", ids(out[0]), ids(out[1]), ids(out[2]))
	}
	if len(conflicts) != 2 {
		t.Fatalf("conflicts %+v, want x and y", conflicts)
	}
	if cf := conflicts[0]; cf.Enterprise.ID != "x" || cf.AssignedTo != "331181" || len(cf.Claims) != 3 || cf.Resolution.ZH == "" {
		t.Errorf("conflict x: %+v", cf)
	}
	kept, _ := Dislocate(counties, [][]chainmatch.Target{a, b, c}, 2, map[string]bool{"331124": true})
	if ids(kept[1]) != "yx" || ids(kept[2]) != "xu" || ids(kept[0]) != "yz" {
		t.Errorf("keep: %s / %s / %s", ids(kept[0]), ids(kept[1]), ids(kept[2]))
	}
}
