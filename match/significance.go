package match

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// How sure a backtest is. The unit of sampling is the (county, chain) query: a
// county's signers share its candidates, so queries, not signers, are what can be
// resampled. On a dozen queries the intervals are wide, and they say so.

// nMetrics is the number of measures in QueryMetrics.
const nMetrics = 5

// MetricKeys are the measures' names (as in Metrics' JSON), in the order of
// QueryMetrics.values.
var MetricKeys = [nMetrics]string{"ndcg", "recall", "recall_at_100", "map", "mrr"}

func (q QueryMetrics) values() [nMetrics]float64 {
	return [nMetrics]float64{q.NDCG, q.Recall, q.RecallAt100, q.AP, q.RR}
}

// Resamples is the number of bootstrap resamples behind an interval, and of random
// sign flips behind a p-value when there are too many queries to flip every way.
const Resamples = 10000

// exactFlips is the largest number of non-zero differences whose sign flips are
// all enumerated (2^16 patterns).
const exactFlips = 16

// Interval is a 95% interval.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Intervals are the 95% percentile-bootstrap intervals of each mean measure
// (keyed by MetricKeys): queries are drawn with replacement Resamples times from
// a generator seeded with seed, so the same input gives the same intervals.
// Nil without queries.
func Intervals(per []QueryMetrics, seed uint64) map[string]Interval {
	if len(per) == 0 {
		return nil
	}
	cols := columns(per, nil)
	out := make(map[string]Interval, nMetrics)
	for i, key := range MetricKeys {
		out[key] = bootstrapMean(cols[i], seed)
	}
	return out
}

// Difference compares two rankings (A, B) on the same queries for one measure.
type Difference struct {
	// Diff is the mean over queries of A's measure minus B's.
	Diff float64 `json:"diff"`
	// Interval is the 95% percentile-bootstrap interval of Diff, queries drawn in
	// pairs.
	Interval
	// P is the two-sided p-value of a paired sign-flip (permutation) test of "A
	// and B rank equally well": the share of the 2^n ways of swapping A and B per
	// query whose mean difference is at least as far from 0 as Diff, enumerated
	// when at most 16 queries differ, else estimated from Resamples random swaps
	// ((1 + hits) / (1 + Resamples)). 1 when no query differs.
	P float64 `json:"p"`
	// Wins, Losses and Ties count the queries where A's measure is above, below
	// or equal to B's.
	Wins   int `json:"wins"`
	Losses int `json:"losses"`
	Ties   int `json:"ties"`
}

// Paired compares A and B, measured on the same queries in the same order, per
// measure (keyed by MetricKeys). Nil when they differ in length or are empty.
func Paired(a, b []QueryMetrics, seed uint64) map[string]Difference {
	if len(a) != len(b) || len(a) == 0 {
		return nil
	}
	cols := columns(a, b)
	out := make(map[string]Difference, nMetrics)
	for i, key := range MetricKeys {
		d := cols[i]
		var r Difference
		for _, v := range d {
			r.Diff += v
			switch {
			case v > 0:
				r.Wins++
			case v < 0:
				r.Losses++
			default:
				r.Ties++
			}
		}
		r.Diff /= float64(len(d))
		r.Interval = bootstrapMean(d, seed)
		r.P = signFlipP(d, seed)
		out[key] = r
	}
	return out
}

// columns are, per measure, the per-query values of a, or of a minus b when b is
// given. Differences below 1e-12 count as ties (float noise of equal rankings).
func columns(a, b []QueryMetrics) [nMetrics][]float64 {
	var cols [nMetrics][]float64
	for q := range a {
		av := a[q].values()
		var bv [nMetrics]float64
		if b != nil {
			bv = b[q].values()
		}
		for i := range av {
			v := av[i] - bv[i]
			if b != nil && math.Abs(v) < 1e-12 {
				v = 0
			}
			cols[i] = append(cols[i], v)
		}
	}
	return cols
}

// bootstrapMean is the 95% percentile interval of the mean of xs over Resamples
// resamples with replacement.
func bootstrapMean(xs []float64, seed uint64) Interval {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	means := make([]float64, Resamples)
	n := len(xs)
	for b := range means {
		var s float64
		for range n {
			s += xs[r.IntN(n)]
		}
		means[b] = s / float64(n)
	}
	slices.Sort(means)
	return Interval{Low: stat.Quantile(0.025, stat.Empirical, means, nil),
		High: stat.Quantile(0.975, stat.Empirical, means, nil)}
}

// signFlipP is the two-sided sign-flip p-value of the mean of the differences ds
// (see Difference.P).
func signFlipP(ds []float64, seed uint64) float64 {
	var nz []float64
	var obs float64
	for _, d := range ds {
		if d != 0 {
			nz = append(nz, d)
			obs += d
		}
	}
	if len(nz) == 0 {
		return 1
	}
	obs = math.Abs(obs) - 1e-12
	sumFlip := func(mask uint64) float64 {
		var s float64
		for i, d := range nz {
			if mask&(1<<uint(i)) != 0 {
				s -= d
			} else {
				s += d
			}
		}
		return s
	}
	if len(nz) <= exactFlips {
		total := uint64(1) << uint(len(nz))
		hits := 0
		for mask := range total {
			if math.Abs(sumFlip(mask)) >= obs {
				hits++
			}
		}
		return float64(hits) / float64(total)
	}
	r := rand.New(rand.NewPCG(seed^0x5bd1e995, seed))
	hits := 0
	for range Resamples {
		var s float64
		for _, d := range nz {
			if r.IntN(2) == 0 {
				d = -d
			}
			s += d
		}
		if math.Abs(s) >= obs {
			hits++
		}
	}
	return float64(1+hits) / float64(1+Resamples)
}
