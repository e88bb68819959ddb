package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/match"
)

const benchMatchSummary = `Time full matches through the engine — index retrieval, features, scoring,
explanations and channels, as serve and chainmatch match do — on a data
directory. An empty --data directory is first filled with a SYNTHETIC pool of
--enterprises (chainmatch gen, seed --seed) through the normal import, and the
index is built; keep the directory to run again without that cost.

  load             the engine's load of the pool (and index build when needed)
  match            top --top targets for several counties and chains, p50 and p99;
                   the first match of a chain builds its candidate cache and is
                   timed apart as "cold"
  match with text  the same with a free-text filter through the index
  qps              matches per second with 1, 4 and 16 concurrent clients

--peer postgres also loads the pool's scoring inputs into PostgreSQL (a private
server started on 127.0.0.1 in a temporary directory from the installed
binaries, as the postgres user when run as root; or the database of --peer-dsn)
and runs the same requests there: candidates by node tags through a GIN index,
the same features, means and weights as one SQL expression, ORDER BY score
LIMIT k. The county analysis (node priorities) and the means that stand in for
unknowns are computed by chainmatch and passed to both. overlap_at_k is the
share of the top k the two agree on; below 0.9 the comparison is not fair and
the bench says so. It installs nothing (Debian: apt-get install postgresql).

Targets: a full match over a 1M pool, top 500, p50 ≤ 30 ms (issue 5), ≤ 10 ms
(issue 9); ≥ 10× the PostgreSQL peer at p50 with overlap ≥ 0.9 (issue 13).`

// benchMatchCases are the (county, chain) pairs timed: profiled counties and
// their chains, plus a county with no profile.
var benchMatchCases = []struct{ county, chain, q string }{
	{"331122", "short-distance-transport", "锂电池"},
	{"331124", "intelligent-transport", "激光雷达"},
	{"331100-edz", "semiconductor", "wafer"},
	{"331181", "auto-parts", "空调压缩机"},
	{"331123", "new-energy", "储能"},
	{"330127", "health", "康养"},
	{"440306", "biomedicine", "中成药"},
}

func benchMatch(ctx context.Context, e env) (*benchReport, error) {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "bench match", "--data DIR [--enterprises N] [--top N] [--peer postgres [--peer-dsn DSN]] [--format table|json]", benchMatchSummary)
	cfg.dataFlags(fs)
	n := fs.Int("enterprises", 100000, "synthetic enterprises to add when the data directory is empty")
	seed := fs.Uint64("seed", 1, "seed of the synthetic pool")
	top := fs.Int("top", 500, "targets per match")
	rounds := fs.Int("rounds", 20, "matches per case")
	format := fs.String("format", "table", "output format: table or json")
	peer := fs.String("peer", "", "also run the requests on a peer: postgres")
	peerDSN := fs.String("peer-dsn", "", "PostgreSQL database of the peer (default: start a private server)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the timed matches to this file")
	if err := parseFlags(e, fs); err != nil {
		return nil, err
	}
	if err := checkFormat("bench match", *format, "table", "json"); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("%w: bench match: unexpected argument %q", errUsage, fs.Arg(0))
	case *peer != "" && *peer != "postgres":
		return nil, fmt.Errorf("%w: bench match: --peer must be postgres", errUsage)
	case *peerDSN != "" && *peer == "":
		return nil, fmt.Errorf("%w: bench match: --peer-dsn needs --peer postgres", errUsage)
	case *rounds <= 0 || *top <= 0:
		return nil, fmt.Errorf("%w: bench match: --rounds and --top must be positive", errUsage)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lock, err := lockDataDir(ctx, cfg.Data, "bench", e.stderr)
	if err != nil {
		return nil, fmt.Errorf("bench match: %w", err)
	}
	defer lock.Release()
	// One clock for the whole run, so that the peer's exported growth and
	// intent are those the engine ranks with.
	now := time.Now()
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database, Log: log,
		Now: func() time.Time { return now }})
	if err != nil {
		return nil, fmt.Errorf("bench match: %w", err)
	}
	defer eng.Close()
	rep := &benchReport{Part: "match", Synthetic: true, Params: map[string]any{
		"data": cfg.Data, "top": *top, "rounds": *rounds, "format": *format,
		"gomaxprocs": runtime.GOMAXPROCS(0), "go": runtime.Version(), "load_average_at_start": loadAverage(),
	}}
	nEnt, nTal, err := eng.Store().Counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("bench match: %w", err)
	}
	if nEnt+nTal == 0 {
		fmt.Fprintf(e.stderr, "bench match: adding %d synthetic enterprises to %s\n", *n, cfg.Data)
		start := time.Now()
		if _, err := eng.AddDemo(ctx, engine.Demo{Enterprises: *n, Seed: *seed, Progress: progressPrinter(e, 5*time.Second)}); err != nil {
			return nil, fmt.Errorf("bench match: %w", err)
		}
		el := time.Since(start).Seconds()
		rep.add("generate and import", el, "s")
		rep.add("import rate", float64(*n)/el, "records/s")
		rep.Params["seed"] = *seed
	}
	start := time.Now()
	if err := eng.Load(ctx, progressPrinter(e, 5*time.Second)); err != nil {
		return nil, fmt.Errorf("bench match: %w", err)
	}
	ents, _ := eng.Sizes()
	rep.Params["enterprises"] = ents
	rep.add("load (pool, and index when missing)", time.Since(start).Seconds(), "s")
	rep.add("peak RSS after load", float64(peakRSS())/(1<<20), "MiB")
	sum := &MatchSummary{Enterprises: ents}
	rep.MatchSummary = sum
	if docs, took := eng.IndexBuilt(); took > 0 {
		v := float64(docs) / took.Seconds()
		sum.BuildDocsPerS = &v
		rep.add("index build rate", v, "docs/s").Note = "the index was built in this run"
	}
	if st := eng.IndexStatus(); st.Docs > 0 {
		v := float64(st.Bytes) / float64(st.Docs)
		sum.IndexBytesPerDoc = &v
		rep.add("index bytes per doc", v, "B/doc")
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return nil, fmt.Errorf("bench match: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, fmt.Errorf("bench match: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	var cold []time.Duration
	for _, c := range benchMatchCases {
		t0 := time.Now()
		if _, err := eng.Match(ctx, engine.MatchRequest{County: c.county, Chain: c.chain, Limit: *top}); err != nil {
			return nil, fmt.Errorf("bench match %s %s: %w", c.county, c.chain, err)
		}
		cold = append(cold, time.Since(t0))
	}
	for _, withText := range []bool{false, true} {
		i, candidates := 0, 0
		lat, err := timeN(*rounds*len(benchMatchCases), func() error {
			c := benchMatchCases[i%len(benchMatchCases)]
			i++
			req := engine.MatchRequest{County: c.county, Chain: c.chain, Limit: *top}
			if withText {
				req.Query = c.q
			}
			res, err := eng.Match(ctx, req)
			if err == nil {
				candidates += res.Counts.Candidates
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("bench match: %w", err)
		}
		name := "match"
		if withText {
			name = "match with text"
		}
		r := rep.add(name+" p50", ms(percentile(lat, 50)), "ms")
		if !withText {
			r.atMost(10).Note = "target for a 1M pool, top 500"
			sum.Match.P50, sum.Match.P95, sum.Match.P99 = ms(percentile(lat, 50)), ms(percentile(lat, 95)), ms(percentile(lat, 99))
		} else {
			r.atMost(15).Note = "target for a 1M pool, top 500"
		}
		rep.add(name+" p99", ms(percentile(lat, 99)), "ms").Note = fmt.Sprintf("%d matches, mean %d candidates", len(lat), candidates/len(lat))
	}
	slices.Sort(cold)
	rep.add("match cold (first of a chain) p50", ms(percentile(cold, 50)), "ms").Note = "builds the chain's candidate cache"
	sum.Match.QPS = map[string]float64{}
	for _, clients := range []int{1, 4, 16} {
		qps, err := matchQPS(ctx, eng, clients, max(*rounds*len(benchMatchCases), 4*clients), *top)
		if err != nil {
			return nil, fmt.Errorf("bench match: %w", err)
		}
		sum.Match.QPS[strconv.Itoa(clients)] = qps
		rep.add(fmt.Sprintf("throughput, %d clients", clients), qps, "matches/s")
	}
	sum.PeakRSSBytes = peakRSS()
	rep.add("peak RSS", float64(sum.PeakRSSBytes)/(1<<20), "MiB").atMost(1.2 * 1024).Note = "VmHWM before the peer: includes mapped index files"
	pprof.StopCPUProfile() // the peer is not profiled (no-op without --cpuprofile)
	if *peer != "" {
		if err := benchPeer(ctx, e, eng, rep, *peerDSN, *top, *rounds); err != nil {
			return nil, fmt.Errorf("bench match: %w", err)
		}
	}
	return rep, nil
}

// MatchSummary is the summary of bench match in the keys of design.md §5.
type MatchSummary struct {
	Enterprises      int      `json:"enterprises"`
	BuildDocsPerS    *float64 `json:"build_docs_per_s"` // null when the index was not built in this run
	IndexBytesPerDoc *float64 `json:"index_bytes_per_doc"`
	PeakRSSBytes     int64    `json:"peak_rss_bytes"`
	Match            struct {
		P50 float64            `json:"p50_ms"`
		P95 float64            `json:"p95_ms"`
		P99 float64            `json:"p99_ms"`
		QPS map[string]float64 `json:"qps"` // by concurrent clients: "1", "4", "16"
	} `json:"match"`
	Peer       *benchPeerSummary `json:"peer,omitempty"`
	SpeedupP50 *float64          `json:"speedup_p50,omitempty"`
	Warnings   []string          `json:"warnings,omitempty"`
}

// benchPeerSummary is the peer's part of the summary.
type benchPeerSummary struct {
	Name       string  `json:"name"`
	Version    string  `json:"version"`
	P50        float64 `json:"p50_ms"`
	P99        float64 `json:"p99_ms"`
	OverlapAtK float64 `json:"overlap_at_k"`
	LoadS      float64 `json:"load_s"`
}

// matchQPS runs n matches of the bench cases on clients goroutines and returns
// matches per second of wall time.
func matchQPS(ctx context.Context, eng *engine.Engine, clients, n, top int) (float64, error) {
	var next atomic.Int64
	errs := make(chan error, clients)
	start := time.Now()
	for w := 0; w < clients; w++ {
		go func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					errs <- nil
					return
				}
				c := benchMatchCases[i%len(benchMatchCases)]
				if _, err := eng.Match(ctx, engine.MatchRequest{County: c.county, Chain: c.chain, Limit: top}); err != nil {
					next.Store(int64(n))
					errs <- err
					return
				}
			}
		}()
	}
	var first error
	for w := 0; w < clients; w++ {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return 0, first
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// benchPeer loads the pool into the PostgreSQL peer, times the same requests
// there and compares the top-k lists.
func benchPeer(ctx context.Context, e env, eng *engine.Engine, rep *benchReport, dsn string, top, rounds int) error {
	sum := rep.MatchSummary
	p, err := openPeer(ctx, dsn, e.stderr)
	if err != nil {
		return err
	}
	defer p.close()
	start := time.Now()
	fmt.Fprintf(e.stderr, "bench match: loading %d records into PostgreSQL %s\n", sum.Enterprises, p.version(ctx))
	n, err := p.load(ctx, eng.ExportPeer)
	if err != nil {
		return err
	}
	ps := &benchPeerSummary{Name: "postgres", Version: p.version(ctx), LoadS: time.Since(start).Seconds()}
	sum.Peer = ps
	rep.add("peer load (copy, GIN index, analyse)", ps.LoadS, "s").Note = fmt.Sprintf("%d rows", n)
	queries := make([]*match.PeerQuery, len(benchMatchCases))
	var overlap []float64
	for k, c := range benchMatchCases {
		req := engine.MatchRequest{County: c.county, Chain: c.chain, Limit: top}
		if queries[k], err = eng.PeerQuery(req); err != nil {
			return err
		}
		res, err := eng.Match(ctx, req)
		if err != nil {
			return err
		}
		got, err := p.rank(ctx, queries[k]) // also warms the peer's cache
		if err != nil {
			return err
		}
		o := overlapAtK(res.Seqs, got)
		overlap = append(overlap, o)
		rep.add(fmt.Sprintf("overlap@%d %s %s", top, c.county, c.chain), o, "")
	}
	i := 0
	lat, err := timeN(max(1, rounds/4)*len(benchMatchCases), func() error {
		q := queries[i%len(queries)]
		i++
		_, err := p.rank(ctx, q)
		return err
	})
	if err != nil {
		return err
	}
	ps.P50, ps.P99 = ms(percentile(lat, 50)), ms(percentile(lat, 99))
	ps.OverlapAtK = slices.Min(overlap)
	rep.add("peer match p50", ps.P50, "ms").Note = fmt.Sprintf("%d queries, PostgreSQL %s", len(lat), ps.Version)
	rep.add("peer match p99", ps.P99, "ms")
	r := rep.add("overlap@k (lowest case)", ps.OverlapAtK, "")
	r.atLeast(0.9)
	if sum.Match.P50 > 0 {
		v := ps.P50 / sum.Match.P50
		sum.SpeedupP50 = &v
		rep.add("speedup at p50 (peer / chainmatch)", v, "×").atLeast(10)
	}
	if ps.OverlapAtK < 0.9 {
		w := fmt.Sprintf("overlap@%d is %.3f < 0.9: the two top-k lists disagree, the comparison is not fair", top, ps.OverlapAtK)
		sum.Warnings = append(sum.Warnings, w)
		fmt.Fprintln(e.stderr, "bench match: warning: "+w)
	}
	return nil
}
