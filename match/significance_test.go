package match

import (
	"math"
	"testing"
)

func recalls(vs ...float64) []QueryMetrics {
	out := make([]QueryMetrics, len(vs))
	for i, v := range vs {
		out[i] = QueryMetrics{NDCG: v, Recall: v, RecallAt100: v, AP: v, RR: v}
	}
	return out
}

func TestIntervals(t *testing.T) {
	if Intervals(nil, 1) != nil {
		t.Fatal("intervals of no query")
	}
	same := Intervals(recalls(.5, .5, .5), 1)
	if iv := same["recall"]; iv.Low != .5 || iv.High != .5 {
		t.Fatalf("constant measure: interval %+v, want [0.5, 0.5]", iv)
	}
	per := recalls(0, 0, 0, 0, 0, 1, 1, 1, 1, 1)
	iv := Intervals(per, 7)
	for _, k := range MetricKeys {
		// The mean is 0.5; a 95% interval of a mean of ten 0/1 draws is about ±0.3.
		if got := iv[k]; got.Low > .5 || got.High < .5 || got.Low < .05 || got.High > .95 || got.High-got.Low < .4 {
			t.Fatalf("%s: interval %+v of ten 0/1 values with mean 0.5", k, got)
		}
	}
	if again := Intervals(per, 7); again["mrr"] != iv["mrr"] {
		t.Fatalf("same seed, different interval: %+v vs %+v", again["mrr"], iv["mrr"])
	}
	m := Mean(per, 20)
	if m.Queries != 10 || m.Recall != .5 || m.MRR != .5 || m.K != 20 {
		t.Fatalf("Mean = %+v", m)
	}
}

func TestPaired(t *testing.T) {
	if Paired(recalls(1), recalls(1, 0), 1) != nil || Paired(nil, nil, 1) != nil {
		t.Fatal("paired comparison of unequal or empty query lists")
	}
	a := recalls(.2, .4, .9)
	d := Paired(a, a, 1)["recall"]
	if d.Diff != 0 || d.P != 1 || d.Ties != 3 || d.Wins != 0 || d.Low != 0 || d.High != 0 {
		t.Fatalf("a against itself: %+v", d)
	}
	// Better on every one of 8 queries: of the 2^8 sign patterns only all-plus and
	// all-minus are as extreme.
	better := Paired(recalls(1, 1, 1, 1, 1, 1, 1, 1), recalls(0, 0, 0, 0, 0, 0, 0, 0), 1)["map"]
	if better.Wins != 8 || better.Diff != 1 || math.Abs(better.P-2.0/256) > 1e-15 || better.Low != 1 {
		t.Fatalf("better everywhere: %+v", better)
	}
	// Differences +1, +1, +1, −1: sum 2; of 16 sign patterns 10 reach |sum| ≥ 2.
	mixed := Paired(recalls(1, 1, 1, 0), recalls(0, 0, 0, 1), 1)["mrr"]
	if mixed.Wins != 3 || mixed.Losses != 1 || mixed.Diff != .5 || mixed.P != 10.0/16 || mixed.Low >= 0 || mixed.High != 1 {
		t.Fatalf("three wins, one loss: %+v", mixed)
	}
	// A tie does not count as a flip: +1, +1, 0 has 4 patterns, 2 as extreme.
	if p := Paired(recalls(1, 1, 0), recalls(0, 0, 0), 1)["ndcg"].P; p != .5 {
		t.Fatalf("two wins, one tie: p = %v, want 0.5", p)
	}
	// 20 wins: too many to enumerate; the random flips leave p at 1/(1+Resamples)
	// or a few times that.
	ones, zeros := make([]float64, 20), make([]float64, 20)
	for i := range ones {
		ones[i] = 1
	}
	if p := Paired(recalls(ones...), recalls(zeros...), 3)["recall_at_100"].P; p > 10.0/Resamples || p < 1.0/(1+Resamples) {
		t.Fatalf("20 wins: p = %v", p)
	}
}

// TestRandomMeasure: the random baseline is what a uniformly random order scores
// in expectation: one relevant item among ten is in the top 5 half the time, and
// its reciprocal rank averages H(10)/10.
func TestRandomMeasure(t *testing.T) {
	seqs := []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	m := RandomMeasure(seqs, map[uint32]bool{7: true}, 5)
	var h float64
	for i := 1; i <= 10; i++ {
		h += 1 / float64(i)
	}
	if math.Abs(m.Recall-0.5) > 1e-12 || math.Abs(m.RR-h/10) > 1e-12 || math.Abs(m.AP-h/10) > 1e-12 || m.RecallAt100 != 1 {
		t.Errorf("random measure %+v, want recall@5 0.5, RR and AP %.4f, recall@100 1", m, h/10)
	}
}
