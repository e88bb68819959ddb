package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"time"

	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
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

Target (issue 5): a full match over a 1M pool, top 500, p50 ≤ 30 ms.`

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
	fs := newFlags(e, "bench match", "--data DIR [--enterprises N] [--top N] [--format table|json]", benchMatchSummary)
	cfg.dataFlags(fs)
	n := fs.Int("enterprises", 100000, "synthetic enterprises to add when the data directory is empty")
	seed := fs.Uint64("seed", 1, "seed of the synthetic pool")
	top := fs.Int("top", 500, "targets per match")
	rounds := fs.Int("rounds", 20, "matches per case")
	format := fs.String("format", "table", "output format: table or json")
	if err := parseFlags(e, fs); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("%w: bench match: unexpected argument %q", errUsage, fs.Arg(0))
	case *format != "table" && *format != "json":
		return nil, fmt.Errorf("%w: bench match: --format must be table or json", errUsage)
	case *rounds <= 0 || *top <= 0:
		return nil, fmt.Errorf("%w: bench match: --rounds and --top must be positive", errUsage)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lock, err := lockDataDir(ctx, cfg.Data, "bench", e.stderr)
	if err != nil {
		return nil, fmt.Errorf("bench match: %w", err)
	}
	defer lock.Release()
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database, Log: log})
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
		if err := addDemoPool(ctx, eng, cfg.Data, *n, 0, *seed); err != nil {
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
			r.atMost(30).Note = "target for a 1M pool, top 500"
		}
		rep.add(name+" p99", ms(percentile(lat, 99)), "ms").Note = fmt.Sprintf("%d matches, mean %d candidates", len(lat), candidates/len(lat))
	}
	slices.Sort(cold)
	rep.add("match cold (first of a chain) p50", ms(percentile(cold, 50)), "ms").Note = "builds the chain's candidate cache"
	rep.add("peak RSS", float64(peakRSS())/(1<<20), "MiB")
	return rep, nil
}
