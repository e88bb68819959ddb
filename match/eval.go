package match

import (
	"cmp"
	"math"
	"slices"
)

// Metrics are ranking quality measures averaged over queries.
type Metrics struct {
	Queries int     `json:"queries"`
	K       int     `json:"k"`
	NDCG    float64 `json:"ndcg"`
	Recall  float64 `json:"recall"` // at K
	// RecallAt100 is recall at 100, the depth an officer reads a list to.
	RecallAt100 float64 `json:"recall_at_100"`
	MAP         float64 `json:"map"`
	MRR         float64 `json:"mrr"`
}

// Measure is one query's NDCG@k, recall@k, recall@100, average precision and
// reciprocal rank of ranked, best first, with binary relevance:
//   - DCG@k = Σ_{i ≤ k, ranked[i] relevant} 1/log2(i+1) over 1-based positions i,
//     NDCG divides it by the DCG of an ideal ranking (min(k, |relevant|) relevant
//     items first);
//   - recall@k is the share of relevant items in the top k;
//   - average precision is Σ_{relevant hits at i} precision@i / |relevant| over the
//     whole ranking (its mean over queries is MAP);
//   - reciprocal rank is 1/position of the first relevant item (its mean is MRR).
//
// Relevant items missing from ranked count as not found; every measure is 0 when
// nothing is relevant.
//
// score[i] is the score of ranked[i] (non-increasing), or nil when every item has
// a place of its own. Items of equal score are in no order of their own: their
// measures are the mean over every order of them, computed exactly (McSherry and
// Najork, "Computing information retrieval performance measures efficiently in
// the presence of tied scores", ECIR 2008). So the order a tie is served in (a
// name hash, import order) neither helps nor hurts a ranking, and one all-equal
// score is what a random order scores in expectation (RandomMeasure).
func Measure[T comparable](ranked []T, score []float64, relevant map[T]bool, k int) QueryMetrics {
	if len(relevant) == 0 {
		return QueryMetrics{}
	}
	var dcg, hits, hits100, ap, rr float64
	found := 0 // relevant items before the group
	for s := 0; s < len(ranked); {
		e := s + 1
		for score != nil && e < len(ranked) && score[e] == score[s] {
			e++
		}
		r := 0
		for _, id := range ranked[s:e] {
			if relevant[id] {
				r++
			}
		}
		if r > 0 {
			n, fr := float64(e-s), float64(r)
			// Each position of the group holds a relevant item with chance r/n.
			share := fr / n
			hits += fr * float64(max(0, min(e, k)-s)) / n
			hits100 += fr * float64(max(0, min(e, 100)-s)) / n
			for i := s; i < e; i++ {
				j := float64(i - s) // earlier positions of the group
				if i < k {
					dcg += share / math.Log2(float64(i+2))
				}
				// Given a relevant item at i, the other r−1 are spread evenly over
				// the group's other n−1 positions.
				before := float64(found) + 1
				if n > 1 {
					before += j * (fr - 1) / (n - 1)
				}
				ap += share * before / float64(i+1)
			}
			if found == 0 {
				// The first relevant item is at s+j+1 when the j positions before
				// it hold none of the r.
				none := 1.0
				for j := 0; j <= e-s-r; j++ {
					rr += none * fr / (n - float64(j)) / float64(s+j+1)
					none *= (n - fr - float64(j)) / (n - float64(j))
				}
			}
			found += r
		}
		s = e
	}
	var ideal float64
	for i := 0; i < k && i < len(relevant); i++ {
		ideal += 1 / math.Log2(float64(i+2))
	}
	nr := float64(len(relevant))
	return QueryMetrics{NDCG: dcg / ideal, Recall: hits / nr, RecallAt100: hits100 / nr, AP: ap / nr, RR: rr}
}

// QueryMetrics are one query's measures; Metrics average them over queries.
type QueryMetrics struct {
	NDCG        float64 `json:"ndcg"`
	Recall      float64 `json:"recall"` // at k
	RecallAt100 float64 `json:"recall_at_100"`
	AP          float64 `json:"ap"` // average precision; its mean is MAP
	RR          float64 `json:"rr"` // reciprocal rank; its mean is MRR
}

// Mean averages per-query measures into Metrics at cut-off k.
func Mean(per []QueryMetrics, k int) Metrics {
	m := Metrics{K: k, Queries: len(per)}
	var sum [nMetrics]float64
	for _, q := range per {
		for i, v := range q.values() {
			sum[i] += v
		}
	}
	if n := float64(len(per)); n > 0 {
		m.NDCG, m.Recall, m.RecallAt100, m.MAP, m.MRR = sum[0]/n, sum[1]/n, sum[2]/n, sum[3]/n, sum[4]/n
	}
	return m
}

// Baselines. Each orders the same candidate seqs a ranking would consider and
// returns the order with each seq's score, for Measure.

// LargestFirst orders seqs by registered capital, largest first; unknown capital
// scores −1 and goes last.
func LargestFirst(p *Pool, seqs []uint32) ([]uint32, []float64) {
	return scoreOrder(seqs, func(s uint32) float64 {
		if i := p.index(s); i >= 0 {
			if c := p.capital[i]; c == c {
				return float64(c)
			}
		}
		return -1
	})
}

// TextOnly orders seqs by retrieval score alone, highest first (missing scores
// count as 0).
func TextOnly(seqs []uint32, scores map[uint32]float64) ([]uint32, []float64) {
	return scoreOrder(seqs, func(s uint32) float64 { return scores[s] })
}

// scoreOrder sorts seqs by score, highest first; ties by seq, an order Measure
// averages away.
func scoreOrder(seqs []uint32, score func(uint32) float64) ([]uint32, []float64) {
	type scored struct {
		seq   uint32
		score float64
	}
	rows := make([]scored, len(seqs))
	for i, s := range seqs {
		rows[i] = scored{s, score(s)}
	}
	slices.SortFunc(rows, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	out, scores := make([]uint32, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		out[i], scores[i] = r.seq, r.score
	}
	return out, scores
}

// RandomMeasure is what a uniformly random order of seqs scores in expectation:
// Measure of one tie of them all, exact (one shuffle would be a coin toss: a
// relevant firm drawn at rank 2 scores MRR 0.5).
func RandomMeasure(seqs []uint32, relevant map[uint32]bool, k int) QueryMetrics {
	return Measure(seqs, make([]float64, len(seqs)), relevant, k)
}

// CandidateSeqs returns the seqs Rank would consider for county and chain by
// default: the records tagged to the chain, without the county's own (located
// there or named local by its profile) unless includeLocal, each firm once (a
// listed record whose registered twin is in the chain is left out, see
// Pool.Twin). It is the input of the baselines.
func CandidateSeqs(p *Pool, county string, chain string, includeLocal bool) []uint32 {
	c, ok := p.chainIdx[chain]
	if !ok {
		return nil
	}
	home := int32(0)
	if k, ok := p.countyIdx[county]; ok {
		home = codeNum(p.counties[k].HomeCounty())
	} else {
		home = codeNum(county)
	}
	lo, hi := p.chainNodes(c)
	var out []uint32
	p.eachInChain(c, func(i int) {
		if (includeLocal || !p.isLocal(int32(i), home)) && !p.absorbed(i, lo, hi) {
			out = append(out, p.seq[i])
		}
	})
	return out
}
