package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/index"
	"github.com/chainmatch/chainmatch/match"
)

// MatchRequest asks for the targets of a county and chain. Filters narrow the
// candidates through the index before the ranker scores them.
type MatchRequest struct {
	County string `json:"county"`
	// Kind is "enterprise" (the default) or "talent".
	Kind         string   `json:"kind,omitempty"`
	Chain        string   `json:"chain"`
	Limit        int      `json:"limit,omitempty"`
	Node         string   `json:"node,omitempty"`
	Query        string   `json:"q,omitempty"`        // free text (zh/en) the candidates must match
	Province     []string `json:"province,omitempty"` // candidate provinces
	Tags         []string `json:"tags,omitempty"`     // every tag must be present
	IncludeLocal bool     `json:"include_local,omitempty"`
	// Local ranks the county's own firms (its local base) by their expansion
	// signals instead of outside targets (match.RankLocal).
	Local   bool                `json:"local,omitempty"`
	Weights *chainmatch.Weights `json:"weights,omitempty"`
	// Quotas ask the list for a mix (tags or nodes, counts or shares); Preset
	// names a list preset of a county profile (e.g. jinyun-450), whose size is the
	// limit when none is given. Result.Quotas reports each.
	Quotas []chainmatch.Quota `json:"quotas,omitempty"`
	Preset string             `json:"preset,omitempty"`
	// Siblings marks each target that a sibling county of the same city scores
	// higher (Target.BetterFit).
	Siblings bool `json:"siblings,omitempty"`
	// City asks for a city-wide run with dislocation (Engine.CityMatch) instead of
	// one county; County is then empty. Keep lists counties that keep their own
	// list (they take no part in the assignment).
	City string   `json:"city,omitempty"`
	Keep []string `json:"keep,omitempty"`
}

// maxCandidates bounds how many filtered candidates the index hands the ranker.
const maxCandidates = 200000

// Match ranks the candidates for a county and chain.
func (e *Engine) Match(ctx context.Context, req MatchRequest) (*match.Result, error) {
	snap, err := e.snapshot()
	if err != nil {
		return nil, err
	}
	county, chain, err := e.countyChain(req.County, req.Chain)
	if err != nil {
		return nil, err
	}
	if req.Node != "" {
		if _, ok := chain.Node(req.Node); !ok {
			return nil, chainmatch.FieldErrors{"node": fmt.Sprintf("chain %s has no node %q", chain.ID, req.Node)}
		}
	}
	if req.Kind != "" && !chainmatch.ValidKind(req.Kind) {
		return nil, chainmatch.FieldErrors{"kind": "must be enterprise or talent"}
	}
	if req.Limit < 0 || req.Limit > 5000 {
		return nil, chainmatch.FieldErrors{"limit": "must be between 1 and 5000"}
	}
	if req.City != "" {
		return nil, chainmatch.FieldErrors{"city": "a city-wide run answers through CityMatch"}
	}
	if req.Kind != chainmatch.KindTalent && (len(req.Quotas) > 0 || req.Preset != "" || req.Siblings) {
		return e.matchBeyond(ctx, snap, county, chain, req)
	}
	r := match.Request{County: county, Chain: chain, Weights: req.Weights, Limit: req.Limit,
		Node: req.Node, IncludeLocal: req.IncludeLocal, Now: e.now()}
	if req.Query != "" || len(req.Province) > 0 || len(req.Tags) > 0 {
		kind, _ := chainmatch.SearchKind(req.Kind) // "" or a record kind, checked above
		start := time.Now()
		q := index.Query{Kind: kind, Text: req.Query, Chain: chain.ID, Node: req.Node,
			Province: req.Province, Tags: req.Tags, Limit: maxCandidates}
		// every hit with its score, unordered: the ranker orders them
		hits, err := e.index.ScoredHits(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		r.Candidates = make([]uint32, 0, len(hits))
		if req.Query != "" {
			r.TextScores = make(map[uint32]float64, len(hits))
		}
		for _, h := range hits {
			r.Candidates = append(r.Candidates, h.Seq)
			if r.TextScores != nil {
				r.TextScores[h.Seq] = h.Score
			}
		}
		e.observe("retrieve", time.Since(start))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	start := time.Now()
	defer func() { e.observe("rank", time.Since(start)) }()
	if req.Kind == chainmatch.KindTalent {
		if req.Local {
			return nil, chainmatch.FieldErrors{"local": "a local-base list ranks enterprises, not talents"}
		}
		r.Talents = snap.talentPool
		return match.Rank(snap.pool, r)
	}
	if req.Local {
		return match.RankLocal(snap.pool, r)
	}
	return match.Rank(snap.pool, r)
}

// Gaps computes the chain gaps of a county.
func (e *Engine) Gaps(ctx context.Context, countyCode, chainID string, w *chainmatch.Weights) (*match.Gaps, error) {
	snap, err := e.snapshot()
	if err != nil {
		return nil, err
	}
	county, chain, err := e.countyChain(countyCode, chainID)
	if err != nil {
		return nil, err
	}
	return snap.pool.Gaps(county, chain.ID, w)
}

// SearchHit is one search result with what a list shows of it.
type SearchHit struct {
	ID       string           `json:"id"`
	Kind     string           `json:"kind"`
	Name     string           `json:"name"`
	Score    float64          `json:"score"`
	Province string           `json:"province,omitempty"`
	City     string           `json:"city,omitempty"`
	County   string           `json:"county,omitempty"`
	Tags     []chainmatch.Tag `json:"tags,omitempty"`
}

// SearchResult is a page of hits with the total and facets.
type SearchResult struct {
	Total  uint64                        `json:"total"`
	Hits   []SearchHit                   `json:"hits"`
	Facets map[string][]index.FacetCount `json:"facets,omitempty"`
}

// SearchRequest finds records by text and filters; the CLI's search and
// GET /api/v1/search both ask with it.
type SearchRequest struct {
	// Kind is enterprise (the default when empty), talent, or all
	// (chainmatch.SearchKind reads it).
	Kind     string   `json:"kind,omitempty"`
	Text     string   `json:"q,omitempty"`
	Chain    string   `json:"chain,omitempty"`
	Node     string   `json:"node,omitempty"`     // needs Chain
	Province []string `json:"province,omitempty"` // any of these provinces
	Tags     []string `json:"tags,omitempty"`     // every tag must be present
	Limit    int      `json:"limit,omitempty"`    // 0 means 20
	Offset   int      `json:"offset,omitempty"`
}

// Search finds enterprises (and talents when req.Kind says so) by text and filters.
func (e *Engine) Search(ctx context.Context, req SearchRequest) (*SearchResult, error) {
	snap, err := e.snapshot()
	if err != nil {
		return nil, err
	}
	fe := chainmatch.FieldErrors{}
	kind, ok := chainmatch.SearchKind(req.Kind)
	if !ok {
		fe.Add("kind", "must be enterprise, talent or all")
	}
	if req.Chain != "" {
		if c, err := e.Chain(req.Chain); err != nil {
			fe.Add("chain", unknownChain(req.Chain))
		} else {
			req.Chain = c.ID
		}
	}
	if req.Node != "" && req.Chain == "" {
		fe.Add("node", "needs chain")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	q := index.Query{Kind: kind, Text: req.Text, Chain: req.Chain, Node: req.Node,
		Province: req.Province, Tags: req.Tags, Limit: req.Limit, Offset: req.Offset}
	res, err := e.index.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &SearchResult{Total: res.Total, Hits: make([]SearchHit, 0, len(res.Hits)), Facets: res.Facets}
	for _, h := range res.Hits {
		hit := SearchHit{Kind: h.Kind, Score: h.Score}
		switch h.Kind {
		case chainmatch.KindEnterprise:
			s, ok := snap.pool.Summary(h.Seq)
			if !ok {
				continue
			}
			hit.ID, hit.Name, hit.Province, hit.City, hit.County, hit.Tags = s.ID, s.Name, s.Province, s.City, s.County, s.Tags
		default:
			t, ok := snap.talents[h.Seq]
			if !ok {
				continue
			}
			hit.ID, hit.Name, hit.County = t.ID, t.Name, t.Location
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// Enterprise returns one stored enterprise with its current node tags.
func (e *Engine) Enterprise(ctx context.Context, id string) (*chainmatch.Enterprise, error) {
	rec, _, err := e.store.Enterprise(ctx, id)
	if err != nil {
		return nil, err
	}
	rec.NodeTags = e.tagger.Enterprise(rec)
	return rec, nil
}

func (e *Engine) snapshot() (*snapshot, error) {
	s := e.state.Load()
	if s == nil {
		return nil, fmt.Errorf("engine is loading: %w", chainmatch.ErrUnavailable)
	}
	return s, nil
}

// unknownChain is the field error of a chain that Chain does not find.
func unknownChain(s string) string {
	return fmt.Sprintf("unknown chain %q (an id or a name that chainmatch chains lists, such as biomedicine or 生物医药)", s)
}

// countyChain resolves a county and a chain, each by code or name, reporting
// unknown ones as field errors.
func (e *Engine) countyChain(countyCode, chainID string) (*chainmatch.County, *chainmatch.Chain, error) {
	fe := chainmatch.FieldErrors{}
	county, err := e.regions.Find(countyCode)
	if err != nil {
		fe.Add("county", err.Error())
	}
	chain, err := e.Chain(chainID)
	if err != nil {
		fe.Add("chain", unknownChain(chainID))
	}
	if err := fe.Err(); err != nil {
		return nil, nil, err
	}
	return county, chain, nil
}

// Now is the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }
