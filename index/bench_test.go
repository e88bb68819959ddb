package index

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The benchmarks run on SYNTHETIC documents (syntheticDocs: datasets/synth
// tagged at the embedded chains). Build one with
//
//	go test ./index -run XXX -bench Build -benchtime 1x
//
// and the retrieval ones with -bench 'Candidates|SearchText'.

var benchDocs = envInt("CHAINMATCH_BENCH_DOCS", 100_000)

func BenchmarkBuild(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ix, err := Open(b.TempDir(), embeddedChains(b))
		if err != nil {
			b.Fatal(err)
		}
		docs := syntheticDocs(b, benchDocs, 1)
		start := time.Now()
		if err := ix.Build(context.Background(), 1, docs); err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		st := ix.Check(1)
		b.ReportMetric(float64(benchDocs)/el.Seconds(), "docs/s")
		b.ReportMetric(float64(st.Bytes)/float64(benchDocs), "B/doc")
		b.ReportMetric(float64(peakRSS())/(1<<20), "peakRSS-MiB")
		ix.Close()
	}
}

// benchIndex is built once per test binary for the retrieval benchmarks.
var benchIndex struct {
	once sync.Once
	ix   *Index
	dir  string
	err  error
}

func sharedBenchIndex(b *testing.B) *Index {
	benchIndex.once.Do(func() {
		dir, err := os.MkdirTemp("", "chainmatch-index-bench-")
		if err != nil {
			benchIndex.err = err
			return
		}
		benchIndex.dir = dir
		ix, err := Open(dir, embeddedChains(b))
		if err != nil {
			benchIndex.err = err
			return
		}
		benchIndex.ix = ix
		benchIndex.err = ix.Build(context.Background(), 1, syntheticDocs(b, benchDocs, 1))
	})
	if benchIndex.err != nil {
		b.Fatal(benchIndex.err)
	}
	return benchIndex.ix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchIndex.ix != nil {
		benchIndex.ix.Close()
		os.RemoveAll(benchIndex.dir)
	}
	os.Exit(code)
}

func BenchmarkNodeCandidates(b *testing.B) {
	ix := sharedBenchIndex(b)
	ctx := context.Background()
	for _, tc := range []struct{ name, chain, node string }{
		{"node", "short-distance-transport", "e-bikes"},
		{"chain", "semiconductor", ""},
	} {
		ids, err := ix.NodeCandidates(ctx, tc.chain, tc.node)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name+"-cold-"+strconv.Itoa(len(ids)), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix.DropCandidateCache()
				if _, err := ix.NodeCandidates(ctx, tc.chain, tc.node); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"-cached-"+strconv.Itoa(len(ids)), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := ix.NodeCandidates(ctx, tc.chain, tc.node); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearchText(b *testing.B) {
	ix := sharedBenchIndex(b)
	ctx := context.Background()
	for _, q := range []Query{
		{Text: "锂电池", Limit: 50},
		{Text: "wafer", Limit: 50},
		{Text: "电动车", Province: []string{"33"}, Limit: 50},
		{Text: "轮毂电机", Chain: "short-distance-transport", ExcludeCounty: []string{"330101"}, Facets: []string{FacetProvince}, Limit: 50},
	} {
		name := strings.ReplaceAll(q.Text, " ", "_")
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := ix.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// peakRSS reads the process's peak resident set (VmHWM) in bytes, or 0.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
