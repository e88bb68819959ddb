package engine

import (
	"context"
	"fmt"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// quotaDepth is how deep a quota selection draws: the plain top N and this many
// times N more (at least 2,000, at most evalRankLimit), so quotas for rare tags can
// reach down the ranking.
const quotaDepth = 10

// Preset finds a list preset by name: in the county's profile first, then in any
// profile (presets are named after their county, e.g. jinyun-450).
func (e *Engine) Preset(county *chainmatch.County, name string) (*chainmatch.ListPreset, error) {
	for k := range county.ListPresets {
		if county.ListPresets[k].Name == name {
			return &county.ListPresets[k], nil
		}
	}
	for _, c := range e.regions.Counties() {
		for k := range c.ListPresets {
			if c.ListPresets[k].Name == name {
				lp := c.ListPresets[k]
				return &lp, nil
			}
		}
	}
	return nil, chainmatch.FieldErrors{"preset": fmt.Sprintf("no list preset %q in the county profiles", name)}
}

// matchBeyond is Match with quotas or siblings: the ranking is drawn deeper, the
// quotas select from it (match.ApplyQuotas) and each target learns whether a
// sibling county of the same city fits it better.
func (e *Engine) matchBeyond(ctx context.Context, snap *snapshot, county *chainmatch.County, chain *chainmatch.Chain, req MatchRequest) (*match.Result, error) {
	quotas := req.Quotas
	n := req.Limit
	if req.Preset != "" {
		lp, err := e.Preset(county, req.Preset)
		if err != nil {
			return nil, err
		}
		if lp.Chain != "" && lp.Chain != chain.ID {
			return nil, chainmatch.FieldErrors{"preset": fmt.Sprintf("preset %s is for chain %s, not %s", lp.Name, lp.Chain, chain.ID)}
		}
		quotas = append(append([]chainmatch.Quota(nil), lp.Quotas...), quotas...)
		if n == 0 {
			n = lp.Size
		}
	}
	if n == 0 {
		n = 50
	}
	for k := range quotas {
		if quotas[k].Node != "" {
			if _, ok := chain.Node(quotas[k].Node); !ok {
				return nil, chainmatch.FieldErrors{fmt.Sprintf("quotas[%d].node", k): fmt.Sprintf("chain %s has no node %q", chain.ID, quotas[k].Node)}
			}
		}
	}
	inner := req
	inner.Quotas, inner.Preset, inner.Siblings, inner.Limit = nil, "", false, n
	if len(quotas) > 0 {
		inner.Limit = min(max(quotaDepth*n, 2000), evalRankLimit)
	}
	res, err := e.Match(ctx, inner)
	if err != nil {
		return nil, err
	}
	if len(quotas) > 0 {
		seqOf := make(map[string]uint32, len(res.Targets))
		for k := range res.Targets {
			seqOf[res.Targets[k].Enterprise.ID] = res.Seqs[k]
		}
		picked, rep, err := match.ApplyQuotas(res.Targets, n, quotas)
		if err != nil {
			return nil, err
		}
		res.Targets, res.Seqs, res.Quotas = picked, make([]uint32, len(picked)), &rep
		for k := range picked {
			res.Seqs[k] = seqOf[picked[k].Enterprise.ID]
		}
		res.Counts.Returned = len(picked)
	}
	if req.Siblings {
		if err := e.markSiblings(ctx, snap, county, chain, req.Weights, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// cityCounties lists the counties and platforms of a city (GB/T 2260 city code,
// four or six digits: 3311 or 331100, or its name: 丽水市, 丽水), sorted by code.
func (e *Engine) cityCounties(city string) ([]*chainmatch.County, error) {
	code := city
	if loc, un := e.regions.Resolve("", city, ""); len(un) == 0 && loc.City != "" && loc.County == "" {
		code = loc.City // 3311, 331100, 丽水市, 丽水, 浙江丽水
	}
	var out []*chainmatch.County
	for _, c := range e.regions.Counties() {
		if c.City == code && c.Code != code {
			cc, _ := e.regions.County(c.Code)
			out = append(out, cc)
		}
	}
	if len(code) != 6 || len(out) == 0 {
		return nil, chainmatch.FieldErrors{"city": fmt.Sprintf("unknown city %q (a GB/T 2260 city code such as 3311 or 331100, or a name such as 丽水市)", city)}
	}
	return out, nil
}

// siblings are the other counties and platforms of county's city.
func (e *Engine) siblings(county *chainmatch.County) []*chainmatch.County {
	all, err := e.cityCounties(county.City)
	if err != nil {
		return nil
	}
	var out []*chainmatch.County
	for _, c := range all {
		if c.Code != county.Code {
			out = append(out, c)
		}
	}
	return out
}

// markSiblings scores res's targets for every sibling county and marks each with
// the sibling that scores it highest, when that beats the county's own score.
func (e *Engine) markSiblings(ctx context.Context, snap *snapshot, county *chainmatch.County, chain *chainmatch.Chain, w *chainmatch.Weights, res *match.Result) error {
	if len(res.Seqs) == 0 {
		return nil
	}
	for _, sib := range e.siblings(county) {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := match.Rank(snap.pool, match.Request{County: sib, Chain: chain, Weights: w,
			Candidates: res.Seqs, Limit: len(res.Seqs), Now: e.now()})
		if err != nil {
			return fmt.Errorf("siblings %s: %w", sib.Code, err)
		}
		score := make(map[uint32]float64, len(r.Seqs))
		for k, s := range r.Seqs {
			score[s] = r.Targets[k].Score
		}
		for k := range res.Targets {
			t := &res.Targets[k]
			v, ok := score[res.Seqs[k]]
			if ok && v > t.Score && (t.BetterFit == nil || v > t.BetterFit.Score) {
				t.BetterFit = &chainmatch.BetterFit{County: sib.Code, Name: sib.Name, Score: v}
			}
		}
	}
	return nil
}

// CityMatch ranks the chain for every county and platform of req.City, then gives
// each enterprise to one county (match.Dislocate: an assignment maximising the
// total fit, not a greedy pass); counties in req.Keep keep their own list.
// Filters, weights and limit mean what they mean for Match; targets are shaped as
// in a single match.
func (e *Engine) CityMatch(ctx context.Context, req MatchRequest) (*match.CityResult, error) {
	if req.County != "" || req.Local || len(req.Quotas) > 0 || req.Preset != "" || req.Kind == chainmatch.KindTalent {
		return nil, chainmatch.FieldErrors{"city": "a city-wide run takes no county, local, quotas, preset or talents"}
	}
	counties, err := e.cityCounties(req.City)
	if err != nil {
		return nil, err
	}
	chain, err := e.Chain(req.Chain)
	if err != nil {
		return nil, chainmatch.FieldErrors{"chain": unknownChain(req.Chain)}
	}
	req.Chain = chain.ID
	keep := map[string]bool{}
	for _, k := range req.Keep {
		found := false
		for _, c := range counties {
			found = found || c.Code == k
		}
		if !found {
			return nil, chainmatch.FieldErrors{"keep": fmt.Sprintf("%s is not a county of city %s", k, req.City)}
		}
		keep[k] = true
	}
	n := req.Limit
	if n == 0 {
		n = 50
	}
	out := &match.CityResult{City: counties[0].City, CityName: counties[0].CityName, Chain: req.Chain}
	codes := make([]string, len(counties))
	lists := make([][]chainmatch.Target, len(counties))
	for k, c := range counties {
		inner := req
		inner.City, inner.Keep, inner.County, inner.Limit = "", nil, c.Code, min(n*(len(counties)+2), 5000)
		res, err := e.Match(ctx, inner)
		if err != nil {
			return nil, fmt.Errorf("city %s: county %s: %w", req.City, c.Code, err)
		}
		codes[k], lists[k], out.Weights = c.Code, res.Targets, res.Weights
		for i := range res.Targets[:min(n, len(res.Targets))] {
			out.TopScore += res.Targets[i].Score
		}
	}
	assigned, conflicts := match.Dislocate(codes, lists, n, keep)
	for k, c := range counties {
		out.Assignments = append(out.Assignments, match.CountyTargets{County: c.Code, Name: c.Name, Kept: keep[c.Code], Targets: assigned[k]})
		for _, t := range assigned[k] {
			out.Score += t.Score
		}
	}
	out.Conflicts = conflicts
	return out, nil
}

// CountyView ranks, for each node of the chain, perNode enterprises and perNode
// talents for the county.
func (e *Engine) CountyView(ctx context.Context, countyCode, chainID string, perNode int, w *chainmatch.Weights) (*match.CountyView, error) {
	snap, err := e.snapshot()
	if err != nil {
		return nil, err
	}
	county, chain, err := e.countyChain(countyCode, chainID)
	if err != nil {
		return nil, err
	}
	if perNode <= 0 || perNode > 200 {
		return nil, chainmatch.FieldErrors{"per_node": "must be between 1 and 200"}
	}
	gaps, err := snap.pool.Gaps(county, chain.ID, w)
	if err != nil {
		return nil, err
	}
	v := &match.CountyView{County: county.Code, Name: county.Name, Chain: chain.ID, Gaps: gaps}
	order := make([]int, len(gaps.Nodes))
	for k := range order {
		order[k] = k
	}
	sortByPriority(order, gaps)
	for _, k := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ng := gaps.Nodes[k]
		req := match.Request{County: county, Chain: chain, Weights: w, Limit: perNode, Node: ng.ID, Now: e.now()}
		ent, err := match.Rank(snap.pool, req)
		if err != nil {
			return nil, fmt.Errorf("county view %s: %w", ng.ID, err)
		}
		req.Talents = snap.talentPool
		tal, err := match.Rank(snap.pool, req)
		if err != nil {
			return nil, fmt.Errorf("county view %s talents: %w", ng.ID, err)
		}
		v.Nodes = append(v.Nodes, match.NodeView{NodeGap: ng, Enterprises: ent.Targets, Talents: tal.Targets})
	}
	return v, nil
}

func sortByPriority(order []int, g *match.Gaps) {
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && g.Nodes[order[j]].Priority > g.Nodes[order[j-1]].Priority; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
}
