package match

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// Benchmarks run on a synthetic pool (synthPool) with synthetic chains and counties
// generated here: labelled synthetic, for speed only.

func synthChains(n, nodes int) []chainmatch.Chain {
	out := make([]chainmatch.Chain, n)
	for c := range out {
		ch := chainmatch.Chain{ID: fmt.Sprintf("syn-chain-%d", c), Name: fmt.Sprintf("合成链%d", c), NameEN: fmt.Sprintf("Synthetic chain %d", c)}
		stages := []chainmatch.Stage{chainmatch.Upstream, chainmatch.Midstream, chainmatch.Downstream}
		for k := 0; k < nodes; k++ {
			ch.Nodes = append(ch.Nodes, chainmatch.Node{ID: fmt.Sprintf("n%d", k), Name: fmt.Sprintf("环节%d", k),
				NameEN: fmt.Sprintf("node %d", k), Stage: stages[k*3/nodes],
				Keywords: []string{fmt.Sprintf("关键词%d", k)}, KeywordsEN: []string{fmt.Sprintf("kw%d", k)}})
			if k > 0 {
				ch.Edges = append(ch.Edges, chainmatch.Edge{From: fmt.Sprintf("n%d", k-1), To: fmt.Sprintf("n%d", k)})
			}
		}
		out[c] = ch
	}
	return out
}

// synthCounties makes n counties over 31 provinces with centroids in China's box.
func synthCounties(n int, chains []chainmatch.Chain) []chainmatch.County {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]chainmatch.County, n)
	for i := range out {
		prov := 11 + i%31*2
		city := prov*10000 + (i/31%20+1)*100
		code := city + i/620 + 1
		c := chainmatch.County{Code: fmt.Sprint(code), Name: fmt.Sprintf("合成县%d", i), City: fmt.Sprint(city),
			CityName: fmt.Sprintf("合成市%d", city), Province: fmt.Sprint(prov), ProvinceName: fmt.Sprintf("合成省%d", prov),
			Lat: 20 + 25*r.Float64(), Lon: 100 + 22*r.Float64()}
		if i%100 == 0 {
			c.Positioning = []chainmatch.Positioning{{Chain: chains[0].ID, Weight: 1, Emphasis: map[string]float64{"n3": 1}}}
			c.Channels = []chainmatch.Channel{{Type: chainmatch.Chamber, Name: "合成商会", Where: fmt.Sprint(11*10000 + 100)},
				{Type: chainmatch.LiaisonStation, Name: "合成联络站", Where: fmt.Sprint(31*10000 + 100)},
				{Type: chainmatch.OverseasAssoc, Name: "合成侨团", Where: "IT"}}
		}
		out[i] = c
	}
	return out
}

var benchPools sync.Map // size → *benchPool

type benchPool struct {
	p        *Pool
	chains   []chainmatch.Chain
	counties []chainmatch.County
	heap     uint64
}

func getBenchPool(b *testing.B, n int) *benchPool {
	if v, ok := benchPools.Load(n); ok {
		return v.(*benchPool)
	}
	chains := synthChains(10, 12)
	counties := synthCounties(2800, chains)
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	p := synthPool(b, n, chains, counties, 42)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	bp := &benchPool{p: p, chains: chains, counties: counties, heap: m1.HeapAlloc - m0.HeapAlloc}
	benchPools.Store(n, bp)
	return bp
}

func benchRank(b *testing.B, n, limit int, explicit bool) {
	bp := getBenchPool(b, n)
	req := Request{County: &bp.counties[100], Chain: &bp.chains[0], Now: testNow, Limit: limit}
	if explicit {
		// As from the index: every seq of the chain, in seq order.
		req.Candidates = bp.p.Seqs(bp.chains[0].ID)
	}
	res, err := Rank(bp.p, req) // builds the chain's candidate set once
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	c0, n0 := cpuNanos(), 0
	for b.Loop() {
		if _, err := Rank(bp.p, req); err != nil {
			b.Fatal(err)
		}
		n0++
	}
	b.ReportMetric(float64(cpuNanos()-c0)/float64(n0), "cpu-ns/op")
	b.ReportMetric(float64(res.Counts.Scored), "candidates")
	bp.p.mu.Lock()
	set := bp.p.sets[setKey{0, int32(testNow.Unix() / 86400)}]
	bp.p.mu.Unlock()
	b.ReportMetric(float64(set.bytes())/float64(len(set.rec)), "set-B/candidate")
	b.ReportMetric(float64(bp.p.Bytes())/float64(n), "pool-B/enterprise")
	b.ReportMetric(float64(bp.heap)/float64(n), "heap-B/enterprise")
}

// BenchmarkScore100k: about 100k candidates (a 17.5 % chain of a 570k pool), all
// features, explanations for the top 50.
func BenchmarkScore100k(b *testing.B) { benchRank(b, 570_000, 50, false) }

// BenchmarkRank1M: full match over a 1,000,000 pool, chain of ~175k, top 500.
func BenchmarkRank1M(b *testing.B) { benchRank(b, 1_000_000, 500, false) }

// BenchmarkRank1MCandidates: as BenchmarkRank1M with the candidate seqs passed in
// (as the index hands them over).
func BenchmarkRank1MCandidates(b *testing.B) { benchRank(b, 1_000_000, 500, true) }

// BenchmarkBuildSet: a chain's candidate set over a 200,000 pool (the cost of a
// chain's first match of the day, twins merged).
func BenchmarkBuildSet(b *testing.B) {
	p := synthPool(b, 200_000, []chainmatch.Chain{evChain(), otherChain()}, testCounties(), 1)
	b.ResetTimer()
	for b.Loop() {
		p.buildSet(0, 20000, 2026)
	}
}
