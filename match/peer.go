package match

import (
	"fmt"
	"math"
	"time"

	"github.com/chainmatch/chainmatch"
)

// PeerRow is one record's scoring inputs as the ranker keeps them, for a peer
// implementation of Rank (the PostgreSQL peer of `chainmatch bench match`).
// Unknown values are NaN; growth and intent are taken at the export's Now.
type PeerRow struct {
	Seq uint32
	// Key is the order-independent tie-break (FNV-1a of the record id).
	Key          uint32
	County, City int32
	Prov         uint8
	// X, Y, Z is the record's unit vector (X NaN when unknown).
	X, Y, Z                       float32
	Quality, Growth, Intent, Risk float32
	Foreign                       bool
	// LocalOf is the home county of a profile naming the record (or its twin)
	// local, 0 none.
	LocalOf  int32
	Branches []int32
	// Nodes are global node ids (PeerQuery.NodeLo is the chain's first), in the
	// pool's tag order, with the tag's confidence and node text score.
	Nodes      []int32
	Conf, Text []float32
}

// ExportPeer calls fn with every record of the pool, in pool order. The row is
// reused between calls.
func (p *Pool) ExportPeer(now time.Time, fn func(*PeerRow) error) error {
	if !p.frozen {
		panic("match: ExportPeer needs a frozen pool")
	}
	now = now.UTC()
	day := int32(now.Unix() / 86400)
	var r PeerRow
	for i := range p.seq {
		r = PeerRow{Seq: p.seq[i], Key: p.idKey(i), County: p.county[i], City: p.city[i], Prov: p.prov[i],
			X: p.pt[i].X, Y: p.pt[i].Y, Z: p.pt[i].Z, Quality: p.quality[i],
			Growth: float32(p.growthAt(i, now.Year())), Intent: float32(p.intentAt(i, day)), Risk: p.risk[i],
			Foreign: p.flags[i]&bitForeign != 0, LocalOf: p.localHome(int32(i)),
			Branches: r.Branches[:0], Nodes: r.Nodes[:0], Conf: r.Conf[:0], Text: r.Text[:0]}
		r.Branches = append(r.Branches, p.br[p.brOff[i]:p.brOff[i+1]]...)
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			r.Nodes = append(r.Nodes, int32(p.tagNode[k]))
			r.Conf = append(r.Conf, p.tagConf[k])
			r.Text = append(r.Text, p.tagText[k])
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

// PeerQuery is what a peer needs, beyond the exported rows, to rank as Rank does
// for one request: the county analysis (node priorities, which come from Gaps),
// the feature means that stand in for unknowns (Rank keeps them with the chain's
// candidate set and the county's columns), the weights and the county's place
// and channels. Score = Σ β_k x_k over features.go's formulas.
type PeerQuery struct {
	// NodeLo..NodeHi-1 are the chain's global node ids; Priority[k] is node
	// NodeLo+k's priority.
	NodeLo, NodeHi int32
	Priority       []float64
	// Beta and Mean are in the order of chainmatch.FeatureTable.
	Beta, Mean []float64
	// PlacementFull is the confidence at which a candidate's placement share is
	// whole: quality, growth, intent, proximity and ties (unknowns' means
	// included) count in min(1, conf/PlacementFull) at the node it fills.
	PlacementFull float64
	// HasPoint is false when the county has no centroid (proximity unknown).
	HasPoint   bool
	CX, CY, CZ float64
	Home, City int32
	Prov       uint8
	// ChamberCities are the cities of the county's chambers, liaison stations and
	// ambassadors; ChamberProvinces the provinces of those and of the ones placed
	// by province only.
	ChamberCities, ChamberProvinces []int32
	Overseas                        bool
	// LeaderAdjacent are the global nodes adjacent to a chain leader in the county.
	LeaderAdjacent []int32
	// ExcludeLocal drops records in the home county (and, when NamedLocal, those
	// a profile names local to it).
	ExcludeLocal, NamedLocal bool
	Limit                    int
}

// PeerQuery returns the inputs a peer needs to answer req as Rank does. Text
// scores, explicit candidates and a node filter are not supported.
func (p *Pool) PeerQuery(req Request) (*PeerQuery, error) {
	if req.County == nil || req.Chain == nil || req.Now.IsZero() {
		return nil, fmt.Errorf("peer query: county, chain and now are required: %w", chainmatch.ErrInvalid)
	}
	if req.Candidates != nil || req.TextScores != nil || req.Node != "" {
		return nil, fmt.Errorf("peer query: candidates, text scores and node filters are not supported: %w", chainmatch.ErrInvalid)
	}
	c, ok := p.chainIdx[req.Chain.ID]
	if !ok {
		return nil, fmt.Errorf("peer query: chain %q: %w", req.Chain.ID, chainmatch.ErrNotFound)
	}
	w := DefaultWeights()
	if req.Weights != nil {
		w = *req.Weights
		if err := w.Validate(); err != nil {
			return nil, fmt.Errorf("peer query: %w", err)
		}
	}
	now := req.Now.UTC()
	day := int32(now.Unix() / 86400)
	s := p.chainSet(c, day, now.Year())
	ch := &p.chains[c]
	gaps := p.gaps(req.County, c, w.Gap)
	x := p.newRankCtx(s, req.County, ch, day)
	cc := x.countyColumns()
	lo, hi := p.chainNodes(c)
	q := &PeerQuery{NodeLo: int32(lo), NodeHi: int32(hi), Beta: make([]float64, nFeatures), Mean: make([]float64, nFeatures),
		PlacementFull: float64(weightCode), HasPoint: x.hasPt, CX: float64(x.cpt.X), CY: float64(x.cpt.Y), CZ: float64(x.cpt.Z),
		Home: x.home, City: x.city, Prov: x.prov, ChamberCities: x.chCity, Overseas: x.overseas,
		ExcludeLocal: !req.IncludeLocal && x.home != 0, NamedLocal: x.chn.named, Limit: req.Limit}
	if q.Limit == 0 {
		q.Limit = 50
	}
	for k := range gaps.Nodes {
		q.Priority = append(q.Priority, gaps.Nodes[k].Priority)
	}
	mean := s.mean
	mean[fProximity], mean[fTies] = cc.meanProx, cc.meanTies
	for f := range featureNames {
		q.Beta[f], q.Mean[f] = w.Beta[featureNames[f]], mean[f]
	}
	for _, v := range x.chProv {
		q.ChamberProvinces = append(q.ChamberProvinces, int32(v))
	}
	for _, v := range x.chCity {
		q.ChamberProvinces = append(q.ChamberProvinces, v/10000)
	}
	for k, adj := range x.leaderAdj {
		if adj {
			q.LeaderAdjacent = append(q.LeaderAdjacent, int32(lo+k))
		}
	}
	if !q.HasPoint {
		q.CX, q.CY, q.CZ = math.NaN(), math.NaN(), math.NaN()
	}
	return q, nil
}
