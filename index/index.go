package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

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
	Generation int64     `json:"generation"`
	Docs       uint64    `json:"docs"`
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
	// queryAnalyzer analyses query text; the index's text analyser but for
	// the analyser comparison, which queries with another.
	queryAnalyzer string

	mu     sync.RWMutex
	bi     bleve.Index // nil unless state is ready or behind
	live   string      // name of the live subdirectory
	meta   meta
	state  State
	reason string

	cache *candidateCache
	idsMu sync.Mutex // guards ids; taken under mu (read or write)
	ids   *seqTable  // nil until needed after a change
}

// Open opens the index kept in dir, creating dir when absent. A missing or
// unreadable index is not an error: Check reports it and Build makes a new one.
// chains is the vocabulary of the cross-language query expansion.
func Open(dir string, chains []chainmatch.Chain) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index open %s: %w", dir, err)
	}
	ix := &Index{dir: dir, expand: newExpander(chains), cache: newCandidateCache(), queryAnalyzer: textAnalyzer}
	ix.openLive()
	ix.removeStale()
	return ix, nil
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
	bi, err := bleve.Open(path)
	if err != nil {
		ix.state, ix.reason = StateCorrupt, "bleve: "+err.Error()
		return
	}
	n, err := bi.DocCount()
	if err != nil {
		_ = bi.Close()
		ix.state, ix.reason = StateCorrupt, "bleve: "+err.Error()
		return
	}
	ix.bi, ix.meta = bi, m
	ix.meta.Docs = n
	if m.Format != mappingVersion {
		ix.state, ix.reason = StateBehind, fmt.Sprintf("built with mapping %d, this binary uses %d", m.Format, mappingVersion)
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
	err := ix.bi.Close()
	ix.bi = nil
	ix.state, ix.reason = StateMissing, "closed"
	if err != nil {
		return fmt.Errorf("index close: %w", err)
	}
	return nil
}

// BuildBatchSize is how many documents the offline builder puts in one segment
// before merging.
const buildBatchSize = 1000

// Build indexes every document next returns into a fresh directory with Bleve's
// offline builder, then makes it the live index with an atomic rename of the
// CURRENT file. The live index keeps answering until the swap; on error or
// cancellation it is left as it was. next returns ok=false after the last doc.
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
	first, ok, err := next()
	if err != nil {
		return fmt.Errorf("index build: %w", err)
	}
	var n uint64
	if !ok {
		// An empty database: the offline builder cannot write zero segments.
		bi, err := bleve.New(path, im)
		if err != nil {
			return fail(err)
		}
		if err := bi.Close(); err != nil {
			return fail(err)
		}
	} else {
		b, err := bleve.NewBuilder(path, im, map[string]interface{}{
			"batchSize":       buildBatchSize,
			"mergeMax":        20,
			"buildPathPrefix": path,
		})
		if err != nil {
			return fail(err)
		}
		// On failure the builder is dropped without Close (which would merge
		// everything first); its segments live under path and go with it.
		for d := first; ok; n++ {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return fail(err)
				}
			}
			if err := b.Index(docID(d.Kind, d.Seq), d.fields()); err != nil {
				return fail(fmt.Errorf("doc %s: %w", docID(d.Kind, d.Seq), err))
			}
			if d, ok, err = next(); err != nil {
				return fail(err)
			}
		}
		if err := b.Close(); err != nil {
			return fail(err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	m := meta{Format: mappingVersion, Generation: generation, Docs: n, BuiltAt: time.Now().UTC()}
	if err := writeMeta(path, m); err != nil {
		return fail(err)
	}
	bi, err := bleve.Open(path)
	if err != nil {
		return fail(err)
	}
	// Read the seq table now, while the caller already waits for a build, so
	// the first candidate sets after the swap do not pay for it.
	ids, err := newSeqTable(ctx, bi)
	if err != nil {
		_ = bi.Close()
		return fail(err)
	}
	if err := writeFileAtomic(filepath.Join(ix.dir, currentFile), []byte(name+"\n")); err != nil {
		ids.close()
		_ = bi.Close()
		return fail(err)
	}

	ix.mu.Lock()
	old, oldName := ix.bi, ix.live
	ix.dropIDs()
	ix.bi, ix.live, ix.meta, ix.ids = bi, name, m, ids
	ix.state, ix.reason = StateReady, ""
	ix.cache.reset()
	ix.mu.Unlock()

	if old != nil {
		_ = old.Close()
	}
	if oldName != "" && oldName != name {
		_ = os.RemoveAll(filepath.Join(ix.dir, oldName))
	}
	return nil
}

// Ref names one record.
type Ref struct {
	Kind string
	Seq  uint32
}

// Update applies an import to the live index in one batch: docs are added or
// replaced, deletes removed, and the index then records generation. If the
// process dies between the batch and the meta file, the index reports itself
// behind and is rebuilt.
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
	for start := 0; start < len(docs) || start == 0; start += chunk {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index update: %w", err)
		}
		batch := ix.bi.NewBatch()
		end := min(start+chunk, len(docs))
		for i := start; i < end; i++ {
			d := &docs[i]
			if err := batch.Index(docID(d.Kind, d.Seq), d.fields()); err != nil {
				return fmt.Errorf("index update: doc %s: %w", docID(d.Kind, d.Seq), err)
			}
		}
		if start == 0 {
			for _, r := range deletes {
				batch.Delete(docID(r.Kind, r.Seq))
			}
		}
		if err := ix.bi.Batch(batch); err != nil {
			return fmt.Errorf("index update: %w", err)
		}
		if end >= len(docs) {
			break
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
	if t, err := newSeqTable(ctx, ix.bi); err == nil {
		ix.idsMu.Lock()
		ix.ids = t
		ix.idsMu.Unlock()
	}
	return nil
}

// dropIDs releases the pinned snapshot; callers hold mu for writing.
func (ix *Index) dropIDs() {
	ix.idsMu.Lock()
	ix.ids.close()
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
