package engine

import (
	"fmt"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/index"
	"github.com/chainmatch/chainmatch/match"
)

// ExportPeer calls fn with the scoring inputs of every enterprise of the pool
// (match.Pool.ExportPeer at the engine's clock), for a peer that ranks as the
// engine does.
func (e *Engine) ExportPeer(fn func(*match.PeerRow) error) error {
	snap, err := e.snapshot()
	if err != nil {
		return err
	}
	return snap.pool.ExportPeer(e.now(), fn)
}

// PeerQuery returns what a peer needs to answer req as Match does
// (match.Pool.PeerQuery); free text, node, province and tag filters are not
// supported.
func (e *Engine) PeerQuery(req MatchRequest) (*match.PeerQuery, error) {
	snap, err := e.snapshot()
	if err != nil {
		return nil, err
	}
	if req.Query != "" || req.Node != "" || len(req.Province) > 0 || len(req.Tags) > 0 || req.Local || req.Kind == chainmatch.KindTalent {
		return nil, fmt.Errorf("peer query: only unfiltered enterprise matches")
	}
	county, chain, err := e.countyChain(req.County, req.Chain)
	if err != nil {
		return nil, err
	}
	return snap.pool.PeerQuery(match.Request{County: county, Chain: chain, Weights: req.Weights, Limit: req.Limit,
		IncludeLocal: req.IncludeLocal, Now: e.now()})
}

// IndexStatus is the index's state against the engine's generation.
func (e *Engine) IndexStatus() index.Status {
	return e.index.Check(e.Generation())
}
