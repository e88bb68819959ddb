package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/index"
	"github.com/chainmatch/chainmatch/match"
)

// Config says where the engine keeps its data.
type Config struct {
	DataDir     string
	DatabaseURL string // "" for SQLite in DataDir
	Log         *slog.Logger
	// Now is the clock for intent decay; nil means time.Now.
	Now func() time.Time
	// Observe, when set, is told how long each stage of a match took
	// ("retrieve", "rank").
	Observe func(stage string, d time.Duration)
	// Loaded, when set, is told after each load that changed what the engine
	// answers from: the generation, the records and how long the load took.
	Loaded func(generation int64, enterprises, talents int, took time.Duration)
	// Fault, when set, is asked before each step that changes the engine's
	// state (step "load": a load that has changes to take); an error it returns
	// fails that step as a real failure would, leaving the engine where it was.
	// Tests use it to make a load fail; nil in production.
	Fault func(step string) error
}

// Engine answers matches, gaps and searches over the records of the store. Open
// it, then Load (or Refresh after an import); it is safe for concurrent use.
type Engine struct {
	log     *slog.Logger
	now     func() time.Time
	observe func(stage string, d time.Duration)
	loaded  func(generation int64, enterprises, talents int, took time.Duration)
	fault   func(step string) error
	dataDir string
	store   *store.Store
	index   *index.Index
	tagger  *match.Tagger
	regions *datasets.Regions
	chains  []chainmatch.Chain
	byID    map[string]*chainmatch.Chain // by id, and by chainKey of its Chinese and English names

	// snapPath is the pool snapshot's file; snapKey what a snapshot must have
	// been made from, but for the generation.
	snapPath string
	snapKey  match.SnapshotKey

	loadMu sync.Mutex // one Load at a time
	state  atomic.Pointer[snapshot]
	built  atomic.Pointer[indexBuild]
}

// snapshot is what one database generation derives: the ranker's pool and the
// generation the pool and the index were built from.
type snapshot struct {
	pool       *match.Pool
	generation int64
	talents    map[uint32]*chainmatch.Talent // by seq, tagged
	talentPool *match.TalentPool
}

// Open opens the store and the index directory and loads the embedded chains and
// counties. It does not read the records: call Load.
func Open(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Observe == nil {
		cfg.Observe = func(string, time.Duration) {}
	}
	if cfg.Loaded == nil {
		cfg.Loaded = func(int64, int, int, time.Duration) {}
	}
	if cfg.Fault == nil {
		cfg.Fault = func(string) error { return nil }
	}
	ref, err := loadReference()
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	st, err := store.Open(ctx, cfg.DataDir, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	ix, err := index.Open(filepath.Join(cfg.DataDir, "index"), ref.chains)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("engine: %w", err)
	}
	chains, regions := ref.chains, ref.regions
	e := &Engine{log: cfg.Log, now: cfg.Now, observe: cfg.Observe, loaded: cfg.Loaded, fault: cfg.Fault, dataDir: cfg.DataDir,
		store: st, index: ix, tagger: ref.tagger, regions: regions, chains: chains, byID: map[string]*chainmatch.Chain{},
		snapPath: filepath.Join(cfg.DataDir, snapshotFile)}
	e.snapKey = match.SnapshotKey{Tagger: e.tagger.Version(), Counties: countiesHash(regions.Counties())}
	for i := range chains {
		c := &chains[i]
		e.byID[c.ID] = c
		for _, k := range []string{c.Name, c.NameEN} {
			if k != "" {
				e.byID[chainKey(k)] = c
			}
		}
	}
	return e, nil
}

// Close closes the index, then the store.
func (e *Engine) Close() error {
	return errors.Join(e.index.Close(), e.store.Close())
}

// Store is the system of record (for the server's lists, users and weights).
func (e *Engine) Store() *store.Store { return e.store }

// PlaceName joins the names of a province and a city code, once for a
// municipality (北京市北京市 → 北京市).
func (e *Engine) PlaceName(province, city string) string {
	p, c := e.regions.ProvinceName(province), e.regions.CityName(city)
	if c == p {
		return p
	}
	return p + c
}

// Chains lists the chains, sorted by id.
func (e *Engine) Chains() []chainmatch.Chain { return e.chains }

// Chain returns the chain with an id or a name (biomedicine, 生物医药, Biomedicine,
// short distance transport), or an error wrapping chainmatch.ErrNotFound.
func (e *Engine) Chain(id string) (*chainmatch.Chain, error) {
	if c, ok := e.byID[id]; ok {
		return c, nil
	}
	if c, ok := e.byID[chainKey(id)]; ok {
		return c, nil
	}
	return nil, fmt.Errorf("chain %q: %w", id, chainmatch.ErrNotFound)
}

// chainKey is a chain's id or name as Chain compares it: trimmed, in lower case,
// with every space, hyphen and underscore a hyphen.
func chainKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '-' || r == '_' || unicode.IsSpace(r)
	}), "-")
}

// Counties lists every county-level division and platform.
func (e *Engine) Counties() []chainmatch.County { return e.regions.Counties() }

// County returns the county with a code, platform id or name (Regions.Find), or an
// error wrapping chainmatch.ErrNotFound that says why.
func (e *Engine) County(code string) (*chainmatch.County, error) { return e.regions.Find(code) }

// Ready reports whether Load has finished at least once.
func (e *Engine) Ready() bool { return e.state.Load() != nil }

// Generation is the database generation the engine answers from, -1 before Load.
func (e *Engine) Generation() int64 {
	if s := e.state.Load(); s != nil {
		return s.generation
	}
	return -1
}

// Progress is told how far a long step has come: done of total (total 0 when unknown).
type Progress func(step string, done, total int)

// Load reads every record of the store into a new pool and brings the index up
// to the store's generation: when the index was current at the engine's last load
// it takes just the records changed since, otherwise (missing, corrupt, or behind
// at start-up) it is rebuilt. Loading again when nothing changed is cheap. A
// load that fails leaves the engine answering from what it had; loading again
// (Follow does) retries.
func (e *Engine) Load(ctx context.Context, progress Progress) error {
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	start := time.Now()
	before := e.state.Load()
	if err := e.load(ctx, progress); err != nil {
		return err
	}
	if s := e.state.Load(); s != before {
		e.loaded(s.generation, s.pool.Len(), len(s.talents), time.Since(start))
	}
	return nil
}

// load is Load under loadMu.
func (e *Engine) load(ctx context.Context, progress Progress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	gen, err := e.store.Generation(ctx)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	prev := e.state.Load()
	if prev != nil && prev.generation == gen && e.index.Check(gen).State == index.StateReady {
		return nil
	}
	if err := e.fault("load"); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	nEnt, nTal, err := e.store.Counts(ctx)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	start := time.Now()
	if prev != nil && prev.generation < gen && e.index.Check(prev.generation).State == index.StateReady {
		err := e.loadIncremental(ctx, prev, gen, int(nTal))
		if err == nil {
			return nil
		}
		e.log.Info("incremental load not possible; loading every record", "reason", err.Error())
	}
	if prev == nil && e.index.Check(gen).State == index.StateReady {
		// A start with the index current: the snapshot holds the pool and its
		// node text scores when it was made from this generation.
		if pool := e.readSnapshot(gen); pool != nil {
			e.log.Info("pool loaded from snapshot", "enterprises", pool.Len(), "bytes", pool.Bytes(),
				"generation", gen, "took", time.Since(start).Round(time.Millisecond).String())
			return e.finishLoad(ctx, pool, gen, int(nTal), false)
		}
	}
	// At a start with the index missing or behind, the records are read and
	// tagged once for both the pool and the index build, which runs alongside.
	var build *sharedBuild
	if prev == nil {
		if st := e.index.Check(gen); st.State != index.StateReady {
			e.log.Info("index rebuild", "state", st.State.String(), "reason", st.Reason, "generation", gen)
			build = e.startSharedBuild(ctx, gen, int(nEnt+nTal), progress)
		}
	}
	pool, err := e.loadPool(ctx, int(nEnt), progress, build)
	if err == nil && build != nil {
		err = build.finish(ctx)
	}
	if err != nil {
		if build != nil {
			build.abort()
		}
		return err
	}
	e.log.Info("pool loaded", "enterprises", pool.Len(), "bytes", pool.Bytes(),
		"generation", gen, "took", time.Since(start).Round(time.Millisecond).String())

	if prev != nil && e.index.Check(prev.generation).State == index.StateReady && prev.generation < gen {
		if err := e.updateIndex(ctx, prev.generation, gen); err != nil {
			e.log.Warn("index update failed; rebuilding", "err", err.Error())
		}
	}
	if st := e.index.Check(gen); st.State != index.StateReady {
		e.log.Info("index rebuild", "state", st.State.String(), "reason", st.Reason, "generation", gen)
		if err := e.rebuildIndex(ctx, gen, progress); err != nil {
			return err
		}
	}
	if err := e.nodeText(ctx, pool, progress); err != nil {
		return err
	}
	return e.finishLoad(ctx, pool, gen, int(nTal), true)
}

// finishLoad loads the talents, swaps the new snapshot in and, when save is
// set, writes the pool snapshot for the next start.
func (e *Engine) finishLoad(ctx context.Context, pool *match.Pool, gen int64, nTal int, save bool) error {
	talents := make(map[uint32]*chainmatch.Talent, nTal)
	tpool := match.NewTalentPool(e.chains, e.regions.Counties())
	err := e.store.Talents(ctx, func(seq int64, t *chainmatch.Talent) error {
		if seq < 0 || seq > math.MaxUint32 {
			return fmt.Errorf("talent seq %d beyond the pool's range", seq)
		}
		t.NodeTags = e.tagger.Talent(t)
		talents[uint32(seq)] = t
		return tpool.Add(uint32(seq), t)
	})
	if err != nil {
		return fmt.Errorf("load talents: %w", err)
	}
	tpool.Freeze()
	// every chain's candidate set for today, so no first match pays for one
	warm := time.Now()
	pool.Warm(e.now())
	e.log.Info("chain sets built", "took", time.Since(warm).Round(time.Millisecond).String())
	e.state.Store(&snapshot{pool: pool, generation: gen, talents: talents, talentPool: tpool})
	if save {
		e.writeSnapshot(pool, gen)
	}
	return nil
}

// loadPool streams the enterprises of the store into a frozen pool. Node tags are
// computed afresh with the current chains, so a change of vocabulary needs no
// re-import; batches are tagged on every core and added to the pool in seq order.
func (e *Engine) loadPool(ctx context.Context, total int, progress Progress, build *sharedBuild) (*match.Pool, error) {
	pool := match.NewPool(e.chains, e.regions.Counties())
	type batch struct {
		seqs   []uint32
		recs   []*chainmatch.Enterprise
		tagged chan struct{}
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *batch, workers)
	ordered := make(chan *batch, 2*workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				for _, r := range b.recs {
					r.NodeTags = e.tagger.Enterprise(r)
				}
				close(b.tagged)
			}
		}()
	}
	var addErr error
	added := make(chan struct{})
	go func() {
		defer close(added)
		done := 0
		for b := range ordered {
			<-b.tagged
			for i, r := range b.recs {
				if err := pool.Add(b.seqs[i], r); err != nil && addErr == nil {
					addErr = err
				}
				if build != nil && addErr == nil {
					addErr = build.send(index.EnterpriseDoc(b.seqs[i], r))
				}
			}
			done += len(b.recs)
			progress("loading records", done, total)
		}
	}()
	const size = 2048
	cur := &batch{tagged: make(chan struct{})}
	send := func() {
		ordered <- cur
		jobs <- cur
		cur = &batch{tagged: make(chan struct{})}
	}
	err := e.store.Enterprises(ctx, func(seq int64, rec *chainmatch.Enterprise) error {
		if seq < 0 || seq > math.MaxUint32 {
			return fmt.Errorf("enterprise seq %d beyond the pool's range", seq)
		}
		cur.seqs = append(cur.seqs, uint32(seq))
		cur.recs = append(cur.recs, rec)
		if len(cur.recs) == size {
			send()
		}
		return nil
	})
	if len(cur.recs) > 0 {
		send()
	}
	close(jobs)
	close(ordered)
	wg.Wait()
	<-added
	if err == nil {
		err = addErr
	}
	if err != nil {
		return nil, fmt.Errorf("load pool: %w", err)
	}
	pool.Freeze()
	return pool, nil
}

// nodeText gives the pool its node text scores: for every chain node, the index
// scores the enterprises tagged there by their own text against the node's
// vocabulary (one query a node, index.NodeText) and the pool keeps the normalised
// score as the text feature.
func (e *Engine) nodeText(ctx context.Context, pool *match.Pool, progress Progress) error {
	start := time.Now()
	total, done := 0, 0
	for i := range e.chains {
		total += len(e.chains[i].Nodes)
	}
	for i := range e.chains {
		ch := &e.chains[i]
		for k := range ch.Nodes {
			n := &ch.Nodes[k]
			hits, err := e.index.NodeText(ctx, ch.ID, n)
			if err != nil {
				return fmt.Errorf("load: node text: %w", err)
			}
			seqs, raw := make([]uint32, len(hits)), make([]float64, len(hits))
			for h := range hits {
				seqs[h], raw[h] = hits[h].Seq, hits[h].Score
			}
			if err := pool.SetNodeText(ch.ID, n.ID, seqs, raw); err != nil {
				return fmt.Errorf("load: %w", err)
			}
			done++
			progress("scoring node text", done, total)
		}
	}
	e.log.Info("node text scored", "nodes", total, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// StoreGeneration is the database's generation now, -1 when it cannot be read.
func (e *Engine) StoreGeneration(ctx context.Context) int64 {
	g, err := e.store.Generation(ctx)
	if err != nil {
		return -1
	}
	return g
}

// Sizes are the records the engine answers from: enterprises and talents.
func (e *Engine) Sizes() (enterprises, talents int) {
	if s := e.state.Load(); s != nil {
		return s.pool.Len(), len(s.talents)
	}
	return 0, 0
}
