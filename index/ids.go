package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// seqTable maps Bleve's internal document numbers of one pinned snapshot to
// kinds and seqs. Reading a record's id from the index costs a stored-field
// lookup per document (about a microsecond: 50k candidates ≈ 50 ms); with the
// table a candidate set is a walk of one postings list and an array lookup per
// document. The snapshot stays pinned (its segments open and their numbering
// fixed, whatever the background merger does) until the index changes.
type seqTable struct {
	r     bleveindex.IndexReader
	seq   []uint32
	kinds []byte // 'e', 't', or 0 where no live document has the number
}

// newSeqTable pins the current snapshot of bi and reads every live document's id.
func newSeqTable(ctx context.Context, bi bleve.Index) (*seqTable, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	n, err := r.DocCount()
	if err != nil {
		r.Close()
		return nil, err
	}
	t := &seqTable{r: r, seq: make([]uint32, 0, n), kinds: make([]byte, 0, n)}
	dr, err := r.DocIDReaderAll()
	if err != nil {
		r.Close()
		return nil, err
	}
	defer dr.Close()
	for i := 0; ; i++ {
		if i%8192 == 0 && ctx.Err() != nil {
			r.Close()
			return nil, ctx.Err()
		}
		id, err := dr.Next()
		if err != nil {
			r.Close()
			return nil, err
		}
		if id == nil {
			break
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			r.Close()
			return nil, err
		}
		kind, seq, ok := parseID(ext)
		if !ok {
			r.Close()
			return nil, fmt.Errorf("unexpected document id %q", ext)
		}
		num := id.Value()
		if num >= 1<<32 {
			r.Close()
			return nil, fmt.Errorf("document number %d out of range", num)
		}
		for uint64(len(t.seq)) <= num {
			t.seq = append(t.seq, 0)
			t.kinds = append(t.kinds, 0)
		}
		t.seq[num] = seq
		t.kinds[num] = kind[0]
	}
	return t, nil
}

// newSeqTables pins one snapshot per shard.
func newSeqTables(ctx context.Context, shards []bleve.Index) ([]*seqTable, error) {
	out := make([]*seqTable, 0, len(shards))
	for _, bi := range shards {
		t, err := newSeqTable(ctx, bi)
		if err != nil {
			for _, t := range out {
				t.close()
			}
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (t *seqTable) close() {
	if t != nil && t.r != nil {
		t.r.Close()
		t.r = nil
	}
}

// postings returns the seqs of the documents of kind holding term in field, in
// the snapshot's document order.
func (t *seqTable) postings(ctx context.Context, kind, field, term string) ([]uint32, error) {
	tfr, err := t.r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	k := kind[0]
	ids := make([]uint32, 0, tfr.Count())
	var d *bleveindex.TermFieldDoc
	for i := 0; ; i++ {
		if i%16384 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		d, err = tfr.Next(d)
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		num := d.ID.Value()
		if num >= uint64(len(t.seq)) || t.kinds[num] == 0 {
			return nil, fmt.Errorf("document number %d not in the pinned snapshot", num)
		}
		if t.kinds[num] == k {
			ids = append(ids, t.seq[num])
		}
	}
	return ids, nil
}
