package match

import (
	"cmp"
	"math"
	"math/rand/v2"
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

// NDCG is the normalised discounted cumulative gain at k with binary relevance:
// DCG = Σ_{i ≤ k, ranked[i] relevant} 1/log2(i+1) over 1-based positions i, divided
// by the DCG of an ideal ranking (min(k, |relevant|) relevant items first). It is 0
// when nothing is relevant.
func NDCG[T comparable](ranked []T, relevant map[T]bool, k int) float64 {
	var dcg, ideal float64
	for i := 0; i < k && i < len(ranked); i++ {
		if relevant[ranked[i]] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := 0; i < k && i < len(relevant); i++ {
		ideal += 1 / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// RecallAt is the share of relevant items found in the top k (0 when none is relevant).
func RecallAt[T comparable](ranked []T, relevant map[T]bool, k int) float64 {
	if len(relevant) == 0 {
		return 0
	}
	hit := 0
	for i := 0; i < k && i < len(ranked); i++ {
		if relevant[ranked[i]] {
			hit++
		}
	}
	return float64(hit) / float64(len(relevant))
}

// averagePrecision is Σ_{relevant hits at position i} precision@i / |relevant| over
// the whole ranking (its mean over queries is MAP).
func averagePrecision[T comparable](ranked []T, relevant map[T]bool) float64 {
	if len(relevant) == 0 {
		return 0
	}
	var hit, sum float64
	for i, id := range ranked {
		if relevant[id] {
			hit++
			sum += hit / float64(i+1)
		}
	}
	return sum / float64(len(relevant))
}

// ReciprocalRank is 1/position of the first relevant item, 0 when none is ranked.
func ReciprocalRank[T comparable](ranked []T, relevant map[T]bool) float64 {
	for i, id := range ranked {
		if relevant[id] {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// QueryMetrics are one query's measures; Metrics average them over queries.
type QueryMetrics struct {
	NDCG        float64 `json:"ndcg"`
	Recall      float64 `json:"recall"` // at k
	RecallAt100 float64 `json:"recall_at_100"`
	AP          float64 `json:"ap"` // average precision; its mean is MAP
	RR          float64 `json:"rr"` // reciprocal rank; its mean is MRR
}

// Measure is one query's NDCG@k, recall@k, recall@100, average precision and
// reciprocal rank.
func Measure[T comparable](ranked []T, relevant map[T]bool, k int) QueryMetrics {
	return QueryMetrics{NDCG: NDCG(ranked, relevant, k), Recall: RecallAt(ranked, relevant, k),
		RecallAt100: RecallAt(ranked, relevant, 100), AP: averagePrecision(ranked, relevant),
		RR: ReciprocalRank(ranked, relevant)}
}

// Evaluate averages NDCG@k, recall@k, recall@100, average precision (MAP) and reciprocal rank
// over queries: ranked[q] is the ranking of query q and relevant[q] its relevant
// ids (e.g. the enterprises a county signed or landed after the cut-off date).
// Queries without a relevant item are skipped.
func Evaluate[T comparable](ranked [][]T, relevant []map[T]bool, k int) Metrics {
	var per []QueryMetrics
	for q := range ranked {
		if q < len(relevant) && len(relevant[q]) > 0 {
			per = append(per, Measure(ranked[q], relevant[q], k))
		}
	}
	return Mean(per, k)
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

// Baselines. Each orders the same candidate seqs a ranking would consider.

// LargestFirst orders seqs by registered capital, largest first; unknown capital
// goes last; ties by seq.
func LargestFirst(p *Pool, seqs []uint32) []uint32 {
	out := slices.Clone(seqs)
	capOf := func(s uint32) float64 {
		if i := p.index(s); i >= 0 {
			if c := p.capital[i]; c == c {
				return float64(c)
			}
		}
		return -1
	}
	slices.SortStableFunc(out, func(a, b uint32) int {
		if c := cmp.Compare(capOf(b), capOf(a)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out
}

// RandomOrder shuffles seqs with a seeded PCG generator (reproducible).
func RandomOrder(seqs []uint32, seed uint64) []uint32 {
	out := slices.Clone(seqs)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// RandomOrders is the number of random orders the random baseline averages.
const RandomOrders = 100

// RandomMeasure is what a random order of seqs scores on average: the mean of
// Measure over RandomOrders seeded shuffles (seeds 1, 2, ...). One shuffle is a
// coin toss (a relevant firm drawn at rank 2 scores MRR 0.5); the mean is the
// baseline a ranking has to beat.
func RandomMeasure(seqs []uint32, relevant map[uint32]bool, k int) QueryMetrics {
	var sum [nMetrics]float64
	for seed := uint64(1); seed <= RandomOrders; seed++ {
		for i, v := range Measure(RandomOrder(seqs, seed), relevant, k).values() {
			sum[i] += v
		}
	}
	const n = RandomOrders
	return QueryMetrics{NDCG: sum[0] / n, Recall: sum[1] / n, RecallAt100: sum[2] / n, AP: sum[3] / n, RR: sum[4] / n}
}

// TextOnly orders seqs by retrieval score alone, highest first (missing scores
// count as 0); ties by seq.
func TextOnly(seqs []uint32, scores map[uint32]float64) []uint32 {
	out := slices.Clone(seqs)
	slices.SortStableFunc(out, func(a, b uint32) int {
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out
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
