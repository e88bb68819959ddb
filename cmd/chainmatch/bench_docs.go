package main

import (
	"context"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets/synth"
	"github.com/chainmatch/chainmatch/index"
	"github.com/chainmatch/chainmatch/match"
)

// syntheticIndexDocs streams the first n enterprises of the synthetic pool of seed
// (datasets/synth, as chainmatch gen writes it) as index documents with seqs 1..n,
// placed at chain nodes by the tagger as the engine places imported records. The
// generator runs in its own goroutine, ahead of the consumer by a small buffer; it
// stops when ctx ends.
func syntheticIndexDocs(ctx context.Context, n int, seed uint64, chains []chainmatch.Chain, counties []chainmatch.County) func() (index.Doc, bool, error) {
	tagger := match.NewTagger(chains)
	docs := make(chan index.Doc, 1024)
	errc := make(chan error, 1)
	go func() {
		defer close(docs)
		errc <- synth.Visit(synth.GenConfig{Enterprises: n, Seed: seed}, chains, counties, func(i int, e *chainmatch.Enterprise) error {
			e.NodeTags = tagger.Enterprise(e)
			select {
			case docs <- index.EnterpriseDoc(uint32(i+1), e):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}, nil)
	}()
	return func() (index.Doc, bool, error) {
		if d, ok := <-docs; ok {
			return d, true, nil
		}
		return index.Doc{}, false, <-errc
	}
}
