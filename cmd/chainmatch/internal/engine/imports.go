package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/read"
	"github.com/chainmatch/chainmatch/datasets/synth"
	"github.com/chainmatch/chainmatch/match"
)

// reference is the embedded vocabulary an engine and an import work with: the
// chains, the GB/T 2260 divisions and the tagger built from the chains.
type reference struct {
	chains  []chainmatch.Chain
	regions *datasets.Regions
	tagger  *match.Tagger
}

func loadReference() (reference, error) {
	chains, err := datasets.Chains()
	if err != nil {
		return reference{}, err
	}
	regions, err := datasets.LoadRegions()
	if err != nil {
		return reference{}, err
	}
	return reference{chains: chains, regions: regions, tagger: match.NewTagger(chains)}, nil
}

// importFiles runs files through the import pipeline into st, tagging with
// ref's chains and placing with its divisions; rejected rows go to
// DATA/rejects unless opts names a rejects file or directory.
func importFiles(ctx context.Context, st *store.Store, ref reference, dataDir string, opts importer.Options, files []string) (importer.Summary, error) {
	if opts.RejectsFile == "" && opts.RejectsDir == "" {
		opts.RejectsDir = filepath.Join(dataDir, "rejects")
	}
	deps := importer.Deps{Store: st, Tagger: ref.tagger, Locate: read.RegionsLocator(ref.regions), Place: read.RegionsPlace(ref.regions)}
	return importer.Run(ctx, deps, opts, files)
}

// importFiles is importFiles into the engine's store with its vocabulary.
func (e *Engine) importFiles(ctx context.Context, opts importer.Options, files []string) (importer.Summary, error) {
	ref := reference{chains: e.chains, regions: e.regions, tagger: e.tagger}
	return importFiles(ctx, e.store, ref, e.dataDir, opts, files)
}

// Import runs files through the import pipeline into the store of cfg's data
// directory (importer.Run, each file in one transaction). It opens neither the
// index nor the pool, so it runs beside a serving engine, which follows the
// store's generation (Follow) and picks the rows up. The summary is nil when
// the import could not start (no store); otherwise it says what was done, also
// with an error.
func Import(ctx context.Context, cfg Config, opts importer.Options, files []string) (*importer.Summary, error) {
	ref, err := loadReference()
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	st, err := store.Open(ctx, cfg.DataDir, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	sum, err := importFiles(ctx, st, ref, cfg.DataDir, opts, files)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("import: %w", cerr)
	}
	return &sum, err
}

// Index states of an import answer (Imported.Index).
const (
	// IndexCurrent: search and match answer from the imported rows.
	IndexCurrent = "current"
	// IndexPending: the rows are committed, but the pool and the index have not
	// caught up yet; the engine retries (Follow) and they do within seconds.
	IndexPending = "pending"
)

// MaxRejectsShown bounds the rejected rows an import answer carries; the
// rejects file has them all.
const MaxRejectsShown = 200

// Imported is the answer to an import through the engine: the summary, the first
// rejected rows, and whether search and match answer from the rows yet. Once the
// store has committed, an import is not an error: a pool or index that could not
// follow at once makes Index IndexPending, with a note, and the engine catches up.
type Imported struct {
	importer.Summary
	Rejects []importer.RejectedRow `json:"rejects"`
	// Index is IndexCurrent or IndexPending.
	Index string `json:"index"`
	// Current is Index == IndexCurrent, for clients that read the boolean.
	Current bool `json:"index_current"`
	// Notes say in words (Chinese / English) what a client should know.
	Notes []string `json:"notes,omitempty"`
}

// Import runs files through the import pipeline into the engine's store, then
// brings the pool and the index forward. An error means nothing of the failed
// file was committed (with several files, the earlier ones were: the summary says
// what was). Once the store has committed, a failure to load is not an error:
// the answer says IndexPending and the next load (Follow) catches up.
func (e *Engine) Import(ctx context.Context, opts importer.Options, files ...string) (*Imported, error) {
	sum, err := e.importFiles(ctx, opts, files)
	if err != nil {
		return &Imported{Summary: sum, Rejects: []importer.RejectedRow{}, Index: IndexPending}, err
	}
	res := &Imported{Summary: sum, Index: IndexCurrent, Current: true}
	e.log.Info("import committed", "files", len(files), "read", sum.Read, "accepted", sum.Accepted, "updated", sum.Updated,
		"rejected", sum.Rejected, "generation", sum.Generation)
	res.Rejects, err = importer.ReadRejects(sum.RejectsFile, MaxRejectsShown)
	if err != nil {
		e.log.Warn("import: the rejects file could not be read back", "err", err.Error())
		res.Rejects = []importer.RejectedRow{}
		res.Notes = append(res.Notes, "被拒绝的行无法读回（见服务器上的拒绝文件） / the rejected rows could not be read back: "+err.Error())
	}
	if sum.DryRun {
		return res, nil
	}
	// The rows are committed: a client that goes away no longer stops the load.
	if err := e.Load(context.WithoutCancel(ctx), nil); err != nil {
		e.log.Warn("import committed; the pool and the index are behind and will catch up", "generation", sum.Generation, "err", err.Error())
		res.Index, res.Current = IndexPending, false
		res.Notes = append(res.Notes, "数据已入库；检索与匹配将在数秒内跟上（索引更新失败一次，正在重试） / "+
			"the rows are committed; search and match catch up within seconds (the index update failed once and is retried)")
	}
	return res, nil
}

// Demo is the synthetic pool an empty data directory starts with.
type Demo struct {
	Enterprises, Talents int
	Seed                 uint64
	// Progress, when set, hears how far the import of the generated pool is.
	Progress Progress
}

// AddDemo adds the demo pool to a store that holds no record, through the
// normal import (synth.Generate with the embedded chains and counties; every
// record says "source": "synthetic"), and reports whether it did. It does not
// load: call Load.
func (e *Engine) AddDemo(ctx context.Context, d Demo) (added bool, err error) {
	nEnt, nTal, err := e.store.Counts(ctx)
	if err != nil {
		return false, fmt.Errorf("demo pool: %w", err)
	}
	if nEnt+nTal > 0 || d.Enterprises+d.Talents <= 0 {
		return false, nil
	}
	start := time.Now()
	e.log.Info("empty data directory: adding a synthetic demo pool", "enterprises", d.Enterprises, "talents", d.Talents, "seed", d.Seed)
	path := filepath.Join(e.dataDir, "demo-pool.synthetic.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return false, fmt.Errorf("demo pool: %w", err)
	}
	defer os.Remove(path)
	err = synth.Generate(f, synth.GenConfig{Enterprises: d.Enterprises, Talents: d.Talents, Seed: d.Seed}, e.chains, e.regions.Counties())
	err = errors.Join(err, f.Close())
	if err != nil {
		return false, fmt.Errorf("demo pool: %w", err)
	}
	opts := importer.Options{Format: read.FormatJSONL}
	if d.Progress != nil {
		opts.ProgressEvery = time.Second
		opts.Progress = func(p importer.Progress) { d.Progress("demo pool: "+p.Phase, p.Rows, d.Enterprises+d.Talents) }
	}
	sum, err := e.importFiles(ctx, opts, []string{path})
	if err != nil {
		return false, fmt.Errorf("demo pool: %w", err)
	}
	if sum.Rejected > 0 {
		return true, fmt.Errorf("demo pool: %d synthetic rows rejected (see %s)", sum.Rejected, sum.RejectsFile)
	}
	e.log.Info("demo pool imported", "took", time.Since(start).Round(time.Millisecond).String())
	return true, nil
}

// Follow keeps the engine at the store's generation until ctx ends: every
// interval it reads the generation and, when another instance or a CLI import
// moved it, or an earlier load failed and left the engine behind, loads again,
// which brings the pool and the index forward. A failure is logged once until
// it changes and retried at the next tick.
func (e *Engine) Follow(ctx context.Context, every time.Duration) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	lastErr := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		gen, err := e.store.Generation(ctx)
		if err == nil && gen == e.Generation() {
			continue
		}
		start := time.Now()
		if err == nil {
			err = e.Load(ctx, nil)
		}
		if err != nil {
			if ctx.Err() == nil && err.Error() != lastErr {
				e.log.Warn("following the database", "err", err.Error())
			}
			lastErr = err.Error()
			continue
		}
		lastErr = ""
		ents, tals := e.Sizes()
		e.log.Info("caught up with the database", "generation", e.Generation(), "enterprises", ents, "talents", tals,
			"took", time.Since(start).Round(time.Millisecond).String())
	}
}
