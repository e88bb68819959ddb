package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/index"
	"github.com/chainmatch/chainmatch/match"
)

// errTooManyChanges sends a load with many changed records to the full path.
var errTooManyChanges = errors.New("too many changed records for an incremental update")

// loadIncremental brings the engine from prev to generation gen without
// reading every record: the records changed since prev's generation are read
// and tagged once, the next pool is prev's with them (match.Pool.With), the
// index takes them as an update, and only they are scored for node text
// (index.NodeTextOf, normalised with the medians of the last full scoring).
// More than a quarter of the pool changed is errTooManyChanges: a full load is
// then as cheap and renormalises the node text.
func (e *Engine) loadIncremental(ctx context.Context, prev *snapshot, gen int64, nTal int) error {
	start := time.Now()
	var changes []match.Change
	var docs []index.Doc
	limit := max(1000, prev.pool.Len()/4)
	err := e.store.EnterprisesSince(ctx, prev.generation, func(seq int64, rec *chainmatch.Enterprise) error {
		if seq < 0 || seq > 1<<32-1 {
			return fmt.Errorf("enterprise seq %d beyond the pool's range", seq)
		}
		if len(changes) == limit {
			return errTooManyChanges
		}
		rec.NodeTags = e.tagger.Enterprise(rec)
		changes = append(changes, match.Change{Seq: uint32(seq), Enterprise: rec})
		docs = append(docs, index.EnterpriseDoc(uint32(seq), rec))
		return nil
	})
	if err != nil {
		return fmt.Errorf("incremental load: %w", err)
	}
	read := time.Since(start)
	pool, err := prev.pool.With(changes)
	if err != nil {
		return fmt.Errorf("incremental load: %w", err)
	}
	pooled := time.Since(start) - read
	if err := e.updateIndexWith(ctx, prev.generation, gen, docs); err != nil {
		return err
	}
	if st := e.index.Check(gen); st.State != index.StateReady {
		return fmt.Errorf("incremental load: index %s after the update: %s", st.State, st.Reason)
	}
	// node text of the changed records, node by node where they are tagged
	type nodeKey struct{ chain, node string }
	at := map[nodeKey][]uint32{}
	for _, c := range changes {
		for _, nt := range c.Enterprise.NodeTags {
			k := nodeKey{nt.Chain, nt.Node}
			at[k] = append(at[k], c.Seq)
		}
	}
	for k, seqs := range at {
		ch, ok := e.byID[k.chain]
		if !ok {
			continue
		}
		n, ok := ch.Node(k.node)
		if !ok {
			continue
		}
		hits, err := e.index.NodeTextOf(ctx, k.chain, n, seqs)
		if err != nil {
			return fmt.Errorf("incremental load: node text: %w", err)
		}
		hs, raw := make([]uint32, len(hits)), make([]float64, len(hits))
		for i := range hits {
			hs[i], raw[i] = hits[i].Seq, hits[i].Score
		}
		if err := pool.UpdateNodeText(k.chain, k.node, hs, raw); err != nil {
			return fmt.Errorf("incremental load: %w", err)
		}
	}
	e.log.Info("pool updated", "changed", len(changes), "enterprises", pool.Len(), "generation", gen,
		"read_took", read.Round(time.Millisecond).String(), "pool_took", pooled.Round(time.Millisecond).String(),
		"took", time.Since(start).Round(time.Millisecond).String())
	return e.finishLoad(ctx, pool, gen, nTal, true)
}

// updateIndexWith is updateIndex with the changed enterprises' documents
// already made; the talents changed since from are read here.
func (e *Engine) updateIndexWith(ctx context.Context, from, to int64, ents []index.Doc) error {
	start := time.Now()
	n := 0
	for len(ents) > 0 {
		b := ents[:min(len(ents), updateBatch)]
		ents = ents[len(b):]
		n += len(b)
		// every batch but the last leaves the index at from (see updateIndex)
		if err := e.index.Update(ctx, from, b, nil); err != nil {
			return fmt.Errorf("index update %d→%d: %w", from, to, err)
		}
	}
	var docs []index.Doc
	err := e.store.TalentsSince(ctx, from, func(seq int64, t *chainmatch.Talent) error {
		t.NodeTags = e.tagger.Talent(t)
		docs = append(docs, index.TalentDoc(uint32(seq), t))
		return nil
	})
	if err == nil {
		n += len(docs)
		err = e.index.Update(ctx, to, docs, nil)
	}
	if err != nil {
		return fmt.Errorf("index update %d→%d: %w", from, to, err)
	}
	e.log.Info("index updated", "docs", n, "from", from, "generation", to, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}
