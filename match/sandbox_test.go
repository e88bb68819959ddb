package match

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func targets(ids ...string) []chainmatch.Target {
	out := make([]chainmatch.Target, len(ids))
	for i, id := range ids {
		out[i] = chainmatch.Target{Rank: i + 1, Enterprise: &chainmatch.EnterpriseSummary{ID: id, Name: "n" + id}}
	}
	return out
}

func TestCompare(t *testing.T) {
	a := targets("a", "b", "c", "d", "e")
	b := targets("b", "a", "c", "f", "d")
	c := Compare(a, b, 4)
	if len(c.Entered) != 1 || c.Entered[0].ID != "f" || c.Entered[0].To != 4 {
		t.Errorf("entered %+v", c.Entered)
	}
	if len(c.Left) != 1 || c.Left[0].ID != "d" || c.Left[0].From != 4 {
		t.Errorf("left %+v", c.Left)
	}
	if len(c.Moved) != 2 || c.Stayed != 1 || c.Union != 5 {
		t.Errorf("moved %+v stayed %d union %d", c.Moved, c.Stayed, c.Union)
	}
	if same := Compare(a, a, 5); same.KendallTau != 1 || len(same.Moved) != 0 {
		t.Errorf("identical: %+v", same)
	}
	rev := targets("e", "d", "c", "b", "a")
	if r := Compare(a, rev, 5); math.Abs(r.KendallTau+1) > 1e-12 {
		t.Errorf("reversed τ = %v", r.KendallTau)
	}
}

func TestKendallTauB(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"identical", []float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, 1},
		{"reversed", []float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		// One swap among 4: C = 5, D = 1, no ties: (5 − 1)/6.
		{"one swap", []float64{1, 2, 3, 4}, []float64{2, 1, 3, 4}, 4.0 / 6},
		// Ties in y: pairs (x,y) = (1,1) (2,1) (3,2): n0 = 3, ty = 1, C = 2, D = 0 → 2/√(3·2).
		{"ties", []float64{1, 2, 3}, []float64{1, 1, 2}, 2 / math.Sqrt(6)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := kendallTauB(tc.x, tc.y); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("τ-b = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	ranked := []string{"a", "x", "b", "y", "c"}
	rel := map[string]bool{"a": true, "b": true, "c": true}
	// DCG@5 = 1 + 1/log2(4) + 1/log2(6); ideal = 1 + 1/log2(3) + 1/log2(4).
	want := (1 + 1/math.Log2(4) + 1/math.Log2(6)) / (1 + 1/math.Log2(3) + 1/math.Log2(4))
	m := Measure(ranked, nil, rel, 5)
	if math.Abs(m.NDCG-want) > 1e-12 {
		t.Errorf("ndcg %v want %v", m.NDCG, want)
	}
	if got := Measure(ranked, nil, rel, 3).Recall; math.Abs(got-2.0/3) > 1e-12 {
		t.Errorf("recall@3 %v", got)
	}
	// AP = (1/1 + 2/3 + 3/5)/3.
	if math.Abs(m.AP-(1+2.0/3+3.0/5)/3) > 1e-12 || m.RR != 1 || m.RecallAt100 != 1 {
		t.Errorf("ap %v rr %v recall@100 %v", m.AP, m.RR, m.RecallAt100)
	}
	// A relevant item that is not ranked is not found.
	if m := Measure(ranked[1:], nil, rel, 5); m.RR != 1.0/2 || m.Recall != 2.0/3 {
		t.Errorf("a missing relevant item: %+v", m)
	}
	if m := Measure(ranked, nil, map[string]bool{}, 5); m != (QueryMetrics{}) {
		t.Errorf("nothing relevant: %+v", m)
	}
}

// TestMeasureTies: with scores, every measure is the mean over all orders of the
// tied items, checked against enumerating those orders, including a tie across
// the cut-off k and across 100 and a relevant item that is not ranked.
func TestMeasureTies(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		n := 1 + r.IntN(7)
		var ranked []int
		var score []float64
		if trial%10 == 0 { // a tie across position 100
			for i := range 97 {
				ranked, score = append(ranked, 1000+i), append(score, float64(1000-i))
			}
		}
		tail := make([]float64, n)
		for i := range tail {
			tail[i] = float64(r.IntN(3))
		}
		slices.SortFunc(tail, func(a, b float64) int { return cmp.Compare(b, a) })
		for i, v := range tail {
			ranked, score = append(ranked, i), append(score, v)
		}
		rel := map[int]bool{}
		for i := range n + 1 { // n: not ranked
			if r.IntN(2) == 0 {
				rel[i] = true
			}
		}
		k := 1 + r.IntN(len(ranked))
		got := Measure(ranked, score, rel, k)
		var sum [nMetrics]float64
		orders := 0
		eachTieOrder(ranked, score, func(order []int) {
			for i, v := range Measure(order, nil, rel, k).values() {
				sum[i] += v
			}
			orders++
		})
		for i, v := range got.values() {
			if want := sum[i] / float64(orders); math.Abs(v-want) > 1e-9 {
				t.Fatalf("trial %d: %s = %v, want the mean %v over %d orders of %v (scores %v, relevant %v, k %d)",
					trial, MetricKeys[i], v, want, orders, ranked, score, rel, k)
			}
		}
	}
}

// eachTieOrder calls f with every order of ranked that permutes items of equal
// score among themselves.
func eachTieOrder(ranked []int, score []float64, f func([]int)) {
	order := slices.Clone(ranked)
	var rec func(s int)
	rec = func(s int) {
		if s == len(order) {
			f(order)
			return
		}
		e := s + 1
		for e < len(order) && score[e] == score[s] {
			e++
		}
		var perm func(i int)
		perm = func(i int) {
			if i == e {
				rec(e)
				return
			}
			for j := i; j < e; j++ {
				order[i], order[j] = order[j], order[i]
				perm(i + 1)
				order[i], order[j] = order[j], order[i]
			}
		}
		perm(s)
	}
	rec(0)
}

func TestBaselines(t *testing.T) {
	p := smallPool(t)
	seqs := CandidateSeqs(p, "331122", "ev", false)
	if len(seqs) != 12 {
		t.Fatalf("candidates %d, want 12", len(seqs))
	}
	if lf, score := LargestFirst(p, seqs); lf[0] != 5 || score[0] != 50000 || score[len(score)-1] != -1 {
		t.Errorf("largest first starts %d at %v, ends at %v; want 5 (g1, CNY 500m) and -1 (unknown)", lf[0], score[0], score[len(score)-1])
	}
	if to, score := TextOnly(seqs, map[uint32]float64{9: 2, 6: 5}); to[0] != 6 || to[1] != 9 || score[1] != 2 || score[2] != 0 {
		t.Errorf("text only %v %v", to[:3], score[:3])
	}
}
