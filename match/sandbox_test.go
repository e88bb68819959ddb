package match

import (
	"math"
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
	if got := NDCG(ranked, rel, 5); math.Abs(got-want) > 1e-12 {
		t.Errorf("ndcg %v want %v", got, want)
	}
	if got := RecallAt(ranked, rel, 3); math.Abs(got-2.0/3) > 1e-12 {
		t.Errorf("recall@3 %v", got)
	}
	// AP = (1/1 + 2/3 + 3/5)/3.
	if got := averagePrecision(ranked, rel); math.Abs(got-(1+2.0/3+3.0/5)/3) > 1e-12 {
		t.Errorf("ap %v", got)
	}
	m := Evaluate([][]string{ranked, {"z"}}, []map[string]bool{rel, {}}, 5)
	if m.Queries != 1 || m.MRR != 1 {
		t.Errorf("evaluate %+v", m)
	}
}

func TestBaselines(t *testing.T) {
	p := smallPool(t)
	seqs := CandidateSeqs(p, "331122", "ev", false)
	if len(seqs) != 12 {
		t.Fatalf("candidates %d, want 12", len(seqs))
	}
	if lf := LargestFirst(p, seqs); lf[0] != 5 {
		t.Errorf("largest first starts %d, want 5 (g1, CNY 500m)", lf[0])
	}
	r1, r2 := RandomOrder(seqs, 3), RandomOrder(seqs, 3)
	if !equalU32(r1, r2) || len(r1) != len(seqs) {
		t.Error("random baseline not reproducible")
	}
	if to := TextOnly(seqs, map[uint32]float64{9: 2, 6: 5}); to[0] != 6 || to[1] != 9 {
		t.Errorf("text only %v", to[:2])
	}
}
