package importer

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/synth"
)

// BenchmarkImportSynthetic imports a synthetic pool (synth.Generate, every
// record marked "source": "synthetic") of CHAINMATCH_IMPORT_ROWS enterprises
// (default 20,000) plus 5% talents into a fresh SQLite store per iteration, and
// reports rows/s. The "parse+tag" variant runs the same pipeline without a store.
// The synthetic pool repeats a few firms (same name and place), so both variants
// take the two-pass path. For peak RSS, time the binary instead:
//
//	chainmatch gen --enterprises 1000000 --talents 0 --seed 1 --out /tmp/g1m.jsonl
//	/usr/bin/time -v chainmatch import --data /tmp/d1m --format json /tmp/g1m.jsonl
//
//	CHAINMATCH_IMPORT_ROWS=1000000 go test -run XXX -bench ImportSynthetic -benchtime 1x ./cmd/chainmatch/internal/importer
func BenchmarkImportSynthetic(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("CHAINMATCH_IMPORT_ROWS")); err == nil && v > 0 {
		n = v
	}
	chains, err := datasets.Chains()
	if err != nil {
		b.Fatal(err)
	}
	counties, err := datasets.Counties()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "synthetic.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := synth.Generate(w, synth.GenConfig{Enterprises: n, Talents: n / 20, Seed: 1}, chains, counties); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	rows := n + n/20
	for _, withStore := range []bool{false, true} {
		name := "parse+tag"
		if withStore {
			name = "store"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				deps, _ := testDeps(b)
				opts := Options{RejectsDir: b.TempDir()}
				if !withStore {
					deps.Store, opts.DryRun = nil, true
				}
				b.StartTimer()
				sum, err := Run(context.Background(), deps, opts, []string{path})
				if err != nil {
					b.Fatal(err)
				}
				if sum.Read != rows || sum.Rejected != 0 {
					b.Fatalf("summary %+v", sum)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
