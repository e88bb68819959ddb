package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/chainmatch/chainmatch"
)

// State says whether an index can answer for the database, and if not why.
type State int

// States of an index directory. The engine rebuilds on anything but StateReady.
const (
	StateReady   State = iota // opened, built from the generation Generation reports
	StateMissing              // no index built yet
	StateCorrupt              // the index or its meta file cannot be read
	StateBehind               // built from another database generation or by another mapping
)

func (s State) String() string {
	switch s {
	case StateReady:
		return "ready"
	case StateMissing:
		return "missing"
	case StateCorrupt:
		return "corrupt"
	case StateBehind:
		return "behind"
	}
	return "state(" + strconv.Itoa(int(s)) + ")"
}

// Status is what Check reports.
type Status struct {
	State      State
	Generation int64  // database generation the index was built from; -1 when unknown
	Docs       uint64 // documents in the index
	Bytes      int64  // size of the live index on disk
	Reason     string // why it is not ready, for logs
}

// meta is the small file next to the Bleve files of one built index.
type meta struct {
	Format     int       `json:"format"`
	Vocabulary string    `json:"vocabulary"` // hash of the chains the node tags came from
	Generation int64     `json:"generation"`
	Docs       uint64    `json:"docs"`
	Shards     int       `json:"shards"`
	BuiltAt    time.Time `json:"built_at"`
}

const (
	currentFile = "CURRENT"         // names the live index directory inside dir
	metaFile    = "chainmatch.json" // inside the live index directory
)

// Index is the candidate index. It is safe for concurrent use: searches run
// under a read lock; Build swaps the live index under the write lock.
type Index struct {
	dir    string
	expand *expander
	vocab  string // vocabularyHash of the chains
	// queryAnalyzer analyses query text; the index's text analyser but for
	// the analyser comparison, which queries with another.
	queryAnalyzer string

	// buildShards is how many shards Build writes in parallel.
	buildShards int

	mu     sync.RWMutex
	bi     bleve.Index   // what searches run on: the shard, or an alias of the shards; nil unless opened
	shards []bleve.Index // the live index's shards
	live   string        // name of the live subdirectory
	meta   meta
	state  State
	reason string

	cache *candidateCache
	idsMu sync.Mutex  // guards ids; taken under mu (read or write)
	ids   []*seqTable // per shard; nil until needed after a change
}

// Open opens the index kept in dir, creating dir when absent. A missing or
// unreadable index is not an error: Check reports it and Build makes a new one.
// chains is the vocabulary of the cross-language query expansion.
func Open(dir string, chains []chainmatch.Chain) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index open %s: %w", dir, err)
	}
	ix := &Index{dir: dir, expand: newExpander(chains), vocab: vocabularyHash(chains), cache: newCandidateCache(), queryAnalyzer: textAnalyzer,
		buildShards: min(max(runtime.GOMAXPROCS(0), 1), maxShards)}
	ix.openLive()
	ix.removeStale()
	return ix, nil
}

// vocabularyHash identifies the chains' vocabulary: the node tags an index holds
// were computed with it, so an index built with another is behind.
func vocabularyHash(chains []chainmatch.Chain) string {
	b, _ := json.Marshal(chains)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// openLive opens what CURRENT names and sets the state.
func (ix *Index) openLive() {
	ix.meta = meta{Generation: -1}
	b, err := os.ReadFile(filepath.Join(ix.dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		ix.state, ix.reason = StateMissing, "no index built"
		return
	}
	if err != nil {
		ix.state, ix.reason = StateCorrupt, err.Error()
		return
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) {
		ix.state, ix.reason = StateCorrupt, fmt.Sprintf("CURRENT names %q", name)
		return
	}
	ix.live = name
	path := filepath.Join(ix.dir, name)
	mb, err := os.ReadFile(filepath.Join(path, metaFile))
	if err != nil {
		ix.state, ix.reason = StateCorrupt, "meta: "+err.Error()
		return
	}
	var m meta
	if err := json.Unmarshal(mb, &m); err != nil {
		ix.state, ix.reason = StateCorrupt, "meta: "+err.Error()
		return
	}
	if m.Shards < 1 || m.Shards > maxShards {
		ix.state, ix.reason = StateCorrupt, fmt.Sprintf("meta: %d shards", m.Shards)
		return
	}
	shards, err := openShards(path, m.Shards)
	if err != nil {
		ix.state, ix.reason = StateCorrupt, "bleve: "+err.Error()
		return
	}
	ix.setShards(shards)
	n, err := ix.bi.DocCount()
	if err != nil {
		ix.closeShards()
		ix.state, ix.reason = StateCorrupt, "bleve: "+err.Error()
		return
	}
	ix.meta = m
	ix.meta.Docs = n
	if m.Format != mappingVersion {
		ix.state, ix.reason = StateBehind, fmt.Sprintf("built with mapping %d, this binary uses %d", m.Format, mappingVersion)
		return
	}
	if m.Vocabulary != ix.vocab {
		ix.state, ix.reason = StateBehind, "built with another chain vocabulary (node tags are stale)"
		return
	}
	ix.state, ix.reason = StateReady, ""
}

// removeStale deletes index directories that are not live: leftovers of a build
// that was cancelled or crashed, and the previous index after a swap.
func (ix *Index) removeStale() {
	ents, err := os.ReadDir(ix.dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		stale := strings.HasPrefix(e.Name(), "idx-") || strings.HasPrefix(e.Name(), "scorch-offline-build")
		if e.IsDir() && stale && e.Name() != ix.live {
			_ = os.RemoveAll(filepath.Join(ix.dir, e.Name()))
		}
	}
}

// Generation is the database generation the live index was built from, or -1.
func (ix *Index) Generation() int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.meta.Generation
}

// Check compares the index with the database at generation dbGeneration; any
// state but StateReady means the engine should Build.
func (ix *Index) Check(dbGeneration int64) Status {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := Status{State: ix.state, Generation: ix.meta.Generation, Docs: ix.meta.Docs, Reason: ix.reason}
	if ix.live != "" {
		st.Bytes = dirSize(filepath.Join(ix.dir, ix.live))
	}
	if st.State == StateReady && ix.meta.Generation != dbGeneration {
		st.State = StateBehind
		st.Reason = fmt.Sprintf("index built from generation %d, database is at %d", ix.meta.Generation, dbGeneration)
	}
	return st
}

// DropCandidateCache forgets the cached candidate sets; the next call of
// NodeCandidates reads the postings again. Build and Update do it themselves.
func (ix *Index) DropCandidateCache() { ix.cache.reset() }

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// Close closes the live index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
	ix.dropIDs()
	err := ix.closeShards()
	ix.state, ix.reason = StateMissing, "closed"
	if err != nil {
		return fmt.Errorf("index close: %w", err)
	}
	return nil
}

// buildBatchSize is how many documents the offline builder puts in one segment
// before merging; it bounds the builder's memory (about 100 MiB peak RSS at
// 1000 against 425 MiB at 5000). buildMergeMax segments are merged at a time.
const (
	buildBatchSize = 1000
	buildMergeMax  = 100
	maxShards      = 4
)

// Build indexes every document next returns into a fresh directory, then makes
// it the live index with an atomic rename of the CURRENT file. The live index
// keeps answering until the swap; on error or cancellation it is left as it was
// and the fresh directory removed. next returns ok=false after the last doc.
//
// The documents are spread over one shard per core (seq modulo shards), each
// written by Bleve's offline builder in its own goroutine: the builder analyses
// under one lock, so one builder uses one core. Searches run on an alias of the
// shards.
func (ix *Index) Build(ctx context.Context, generation int64, next func() (Doc, bool, error)) error {
	im, err := newMapping()
	if err != nil {
		return fmt.Errorf("index build: mapping: %w", err)
	}
	name := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	path := filepath.Join(ix.dir, name)
	fail := func(err error) error {
		_ = os.RemoveAll(path)
		return fmt.Errorf("index build: %w", err)
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return fail(err)
	}
	nsh := ix.buildShards
	bctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	chans := make([]chan buildJob, nsh)
	var wg sync.WaitGroup
	for s := range nsh {
		chans[s] = make(chan buildJob, 512)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := buildShard(bctx, shardPath(path, s), im, chans[s]); err != nil {
				cancel(err)
				for range chans[s] { // let the producer finish
				}
			}
		}()
	}
	var n uint64
	var perr error
produce:
	for {
		if n%1024 == 0 && bctx.Err() != nil {
			break
		}
		d, ok, err := next()
		if err != nil {
			perr = err
			cancel(err) // the shards stop without merging
			break
		}
		if !ok {
			break
		}
		id := docID(d.Kind, d.Seq)
		select {
		case chans[shardOf(&d, nsh)] <- buildJob{id: id, fields: d.fields()}:
		case <-bctx.Done():
			break produce
		}
		n++
	}
	for _, c := range chans {
		close(c)
	}
	wg.Wait()
	switch {
	case perr != nil:
		return fail(perr)
	case context.Cause(bctx) != nil && ctx.Err() == nil:
		return fail(context.Cause(bctx))
	case ctx.Err() != nil:
		return fail(ctx.Err())
	}
	m := meta{Format: mappingVersion, Vocabulary: ix.vocab, Generation: generation, Docs: n, Shards: nsh, BuiltAt: time.Now().UTC()}
	if err := writeMeta(path, m); err != nil {
		return fail(err)
	}
	shards, err := openShards(path, nsh)
	if err != nil {
		return fail(err)
	}
	// Read the seq tables now, while the caller already waits for a build, so
	// the first candidate sets after the swap do not pay for them.
	ids, err := newSeqTables(ctx, shards)
	if err != nil {
		closeAll(shards)
		return fail(err)
	}
	if err := writeFileAtomic(filepath.Join(ix.dir, currentFile), []byte(name+"\n")); err != nil {
		for _, t := range ids {
			t.close()
		}
		closeAll(shards)
		return fail(err)
	}

	ix.mu.Lock()
	oldName := ix.live
	ix.dropIDs()
	_ = ix.closeShards()
	ix.setShards(shards)
	ix.live, ix.meta, ix.ids = name, m, ids
	ix.state, ix.reason = StateReady, ""
	ix.cache.reset()
	ix.mu.Unlock()

	if oldName != "" && oldName != name {
		_ = os.RemoveAll(filepath.Join(ix.dir, oldName))
	}
	return nil
}

// buildJob is one document on its way to a shard's builder.
type buildJob struct {
	id     string
	fields map[string]interface{}
}

func shardPath(dir string, s int) string { return filepath.Join(dir, "s"+strconv.Itoa(s)) }

// buildShard writes the documents of one shard with the offline builder. On
// failure or cancellation the builder is dropped without Close (which would
// merge everything first); its segments live under path, which the caller
// removes.
func buildShard(ctx context.Context, path string, im mapping.IndexMapping, jobs <-chan buildJob) error {
	var b bleve.Builder
	for j := range jobs {
		if b == nil {
			var err error
			b, err = bleve.NewBuilder(path, im, map[string]interface{}{
				"batchSize":       buildBatchSize,
				"mergeMax":        buildMergeMax,
				"buildPathPrefix": path,
			})
			if err != nil {
				return err
			}
		}
		if err := b.Index(j.id, j.fields); err != nil {
			return fmt.Errorf("doc %s: %w", j.id, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if b == nil {
		// An empty shard: the offline builder cannot write zero segments.
		bi, err := bleve.New(path, im)
		if err != nil {
			return err
		}
		return bi.Close()
	}
	return b.Close()
}

func openShards(path string, n int) ([]bleve.Index, error) {
	shards := make([]bleve.Index, 0, n)
	for s := range n {
		bi, err := bleve.Open(shardPath(path, s))
		if err != nil {
			closeAll(shards)
			return nil, fmt.Errorf("shard %d: %w", s, err)
		}
		shards = append(shards, bi)
	}
	return shards, nil
}

func closeAll(shards []bleve.Index) error {
	var first error
	for _, bi := range shards {
		if err := bi.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// setShards makes shards the live ones; callers hold mu for writing.
func (ix *Index) setShards(shards []bleve.Index) {
	ix.shards = shards
	if len(shards) == 1 {
		ix.bi = shards[0]
	} else {
		alias := bleve.NewIndexAlias(shards...)
		// The alias needs the mapping to know scoring is BM25: global scoring
		// (NodeText) then gathers term statistics over every shard first.
		if err := alias.SetIndexMapping(shards[0].Mapping()); err != nil {
			panic("index: alias mapping: " + err.Error()) // the shards' own mapping is valid
		}
		ix.bi = alias
	}
}

// closeShards closes the live shards; callers hold mu for writing.
func (ix *Index) closeShards() error {
	if ix.bi == nil {
		return nil
	}
	err := closeAll(ix.shards)
	ix.bi, ix.shards = nil, nil
	return err
}

// shardOf is the shard a document lives in: by a hash of its record key, so a
// record lands in the same shard whatever the order of import (shard statistics,
// and with them BM25 scores, do not depend on it), else by its seq.
func shardOf(d *Doc, shards int) int {
	if d.Key == "" {
		return int(d.Seq) % shards
	}
	h := uint32(2166136261)
	for i := 0; i < len(d.Key); i++ {
		h = (h ^ uint32(d.Key[i])) * 16777619
	}
	return int(h % uint32(shards))
}

// Ref names one record.
type Ref struct {
	Kind string
	Seq  uint32
}

// Update applies an import to the live index: docs are added or replaced,
// deletes removed, and the index then records generation. If the process dies
// between the batches and the meta file, the index reports itself behind and is
// rebuilt. The engine runs Build and Update one at a time: an Update during a
// Build reaches the old index, and the swap then installs the generation the
// build read, which Check reports as behind.
func (ix *Index) Update(ctx context.Context, generation int64, docs []Doc, deletes []Ref) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil || ix.state != StateReady {
		return fmt.Errorf("index update: index is %s: %w", ix.state, chainmatch.ErrUnavailable)
	}
	// Whatever happens below, cached sets and the pinned snapshot are stale.
	ix.cache.reset()
	ix.dropIDs()
	const chunk = 2000
	nsh := len(ix.shards)
	batches := make([]*bleve.Batch, nsh)
	flush := func(sh int) error {
		if batches[sh] == nil || batches[sh].Size() == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		err := ix.shards[sh].Batch(batches[sh])
		batches[sh] = nil
		return err
	}
	batch := func(sh int) *bleve.Batch {
		if batches[sh] == nil {
			batches[sh] = ix.shards[sh].NewBatch()
		}
		return batches[sh]
	}
	for _, r := range deletes {
		// A Ref has no key: delete wherever the document is (elsewhere a no-op).
		for sh := range nsh {
			batch(sh).Delete(docID(r.Kind, r.Seq))
		}
	}
	for i := range docs {
		d := &docs[i]
		sh := shardOf(d, nsh)
		if err := batch(sh).Index(docID(d.Kind, d.Seq), d.fields()); err != nil {
			return fmt.Errorf("index update: doc %s: %w", docID(d.Kind, d.Seq), err)
		}
		if batches[sh].Size() >= chunk {
			if err := flush(sh); err != nil {
				return fmt.Errorf("index update: %w", err)
			}
		}
	}
	for sh := range nsh {
		if err := flush(sh); err != nil {
			return fmt.Errorf("index update: %w", err)
		}
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return fmt.Errorf("index update: %w", err)
	}
	m := ix.meta
	m.Generation, m.Docs = generation, n
	if err := writeMeta(filepath.Join(ix.dir, ix.live), m); err != nil {
		return fmt.Errorf("index update: %w", err)
	}
	ix.meta = m
	// Read the new seq table while the import waits, not on the first query.
	if ids, err := newSeqTables(ctx, ix.shards); err == nil {
		ix.idsMu.Lock()
		ix.ids = ids
		ix.idsMu.Unlock()
	}
	return nil
}

// dropIDs releases the pinned snapshot; callers hold mu for writing.
func (ix *Index) dropIDs() {
	ix.idsMu.Lock()
	for _, t := range ix.ids {
		t.close()
	}
	ix.ids = nil
	ix.idsMu.Unlock()
}

func writeMeta(dir string, m meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, metaFile), append(b, '\n'))
}

// writeFileAtomic writes b to a temporary file, syncs it and renames it over path.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
