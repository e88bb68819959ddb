package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/index"
)

// RebuildIndex builds the index afresh from the store and swaps it in.
func (e *Engine) RebuildIndex(ctx context.Context, progress Progress) error {
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	gen, err := e.store.Generation(ctx)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	return e.rebuildIndex(ctx, gen, progress)
}

// rebuildIndex streams enterprises, then talents, from the store into the
// index's offline builder. The store's callbacks run in a goroutine that feeds
// the builder's pull function.
func (e *Engine) rebuildIndex(ctx context.Context, gen int64, progress Progress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	nEnt, nTal, err := e.store.Counts(ctx)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	total := int(nEnt + nTal)
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	docs := make(chan index.Doc, 1024)
	errc := make(chan error, 1)
	go func() {
		defer close(docs)
		err := e.store.Enterprises(ctx, func(seq int64, rec *chainmatch.Enterprise) error {
			rec.NodeTags = e.tagger.Enterprise(rec)
			select {
			case docs <- index.EnterpriseDoc(uint32(seq), rec):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if err == nil {
			err = e.store.Talents(ctx, func(seq int64, t *chainmatch.Talent) error {
				t.NodeTags = e.tagger.Talent(t)
				select {
				case docs <- index.TalentDoc(uint32(seq), t):
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}
		errc <- err
	}()
	n := 0
	next := func() (index.Doc, bool, error) {
		d, ok := <-docs
		if !ok {
			if err := <-errc; err != nil {
				return index.Doc{}, false, err
			}
			return index.Doc{}, false, nil
		}
		n++
		if n%5000 == 0 {
			progress("indexing", n, total)
		}
		return d, true, nil
	}
	if err := e.index.Build(ctx, gen, next); err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	progress("indexing", n, total)
	e.built.Store(&indexBuild{docs: n, took: time.Since(start)})
	e.log.Info("index built", "docs", n, "generation", gen, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// updateBatch is how many changed records go to the index in one Update.
const updateBatch = 5000

// updateIndex brings an index that is current at generation from up to
// generation to with the records the imports in between created or changed.
// Every batch but the last leaves the index at from: if the process dies
// midway, the index is behind and is rebuilt at the next start.
func (e *Engine) updateIndex(ctx context.Context, from, to int64) error {
	start := time.Now()
	var docs []index.Doc
	n := 0
	flush := func(gen int64) error {
		n += len(docs)
		err := e.index.Update(ctx, gen, docs, nil)
		docs = docs[:0]
		return err
	}
	err := e.store.EnterprisesSince(ctx, from, func(seq int64, rec *chainmatch.Enterprise) error {
		rec.NodeTags = e.tagger.Enterprise(rec)
		docs = append(docs, index.EnterpriseDoc(uint32(seq), rec))
		if len(docs) == updateBatch {
			return flush(from)
		}
		return nil
	})
	if err == nil {
		err = e.store.TalentsSince(ctx, from, func(seq int64, t *chainmatch.Talent) error {
			t.NodeTags = e.tagger.Talent(t)
			docs = append(docs, index.TalentDoc(uint32(seq), t))
			if len(docs) == updateBatch {
				return flush(from)
			}
			return nil
		})
	}
	if err == nil {
		err = flush(to)
	}
	if err != nil {
		return fmt.Errorf("index update %d→%d: %w", from, to, err)
	}
	e.log.Info("index updated", "docs", n, "from", from, "generation", to, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// indexBuild is the last index build of this engine.
type indexBuild struct {
	docs int
	took time.Duration
}

// IndexBuilt returns the documents and duration of the engine's last index
// build, 0 and 0 when it has built none.
func (e *Engine) IndexBuilt() (docs int, took time.Duration) {
	if b := e.built.Load(); b != nil {
		return b.docs, b.took
	}
	return 0, 0
}

// sharedBuild is an index build fed by the pool's load (Load at a start with
// the index missing or behind): the records are read from the store and tagged
// once, for both.
type sharedBuild struct {
	e        *Engine
	gen      int64
	total    int
	progress Progress
	start    time.Time
	docs     chan index.Doc
	done     chan struct{} // closed when Build returns
	err      error         // Build's error, set before done is closed
	cancel   context.CancelFunc
	sent     int
}

// startSharedBuild starts the index build in a goroutine pulling from the
// build's channel.
func (e *Engine) startSharedBuild(ctx context.Context, gen int64, total int, progress Progress) *sharedBuild {
	ctx, cancel := context.WithCancel(ctx)
	b := &sharedBuild{e: e, gen: gen, total: total, progress: progress, start: time.Now(),
		docs: make(chan index.Doc, 4096), done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(b.done)
		n := 0
		b.err = e.index.Build(ctx, gen, func() (index.Doc, bool, error) {
			d, ok := <-b.docs
			if ok {
				n++
				if n%5000 == 0 {
					progress("indexing", n, total)
				}
			}
			return d, ok, nil
		})
	}()
	return b
}

// send hands one document to the build; it fails when the build has failed.
func (b *sharedBuild) send(d index.Doc) error {
	select {
	case b.docs <- d:
		b.sent++
		return nil
	case <-b.done:
		return fmt.Errorf("rebuild index: %w", b.err)
	}
}

// finish adds the talents, ends the stream and waits for the build.
func (b *sharedBuild) finish(ctx context.Context) error {
	err := b.e.store.Talents(ctx, func(seq int64, t *chainmatch.Talent) error {
		t.NodeTags = b.e.tagger.Talent(t)
		return b.send(index.TalentDoc(uint32(seq), t))
	})
	close(b.docs)
	<-b.done
	b.cancel()
	if err == nil {
		err = b.err
	}
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	b.progress("indexing", b.sent, b.total)
	b.e.built.Store(&indexBuild{docs: b.sent, took: time.Since(b.start)})
	b.e.log.Info("index built", "docs", b.sent, "generation", b.gen, "shared_with_pool", true,
		"took", time.Since(b.start).Round(time.Millisecond).String())
	return nil
}

// abort stops a build whose load failed; Build removes what it wrote.
func (b *sharedBuild) abort() {
	b.cancel()
	select {
	case <-b.done:
	default:
		close(b.docs)
		<-b.done
	}
}
