package match

import (
	"fmt"
	"math"
	"sort"

	"github.com/chainmatch/chainmatch"
)

// Weights of a local-base list (RankLocal): expansion first, then the node.
const (
	localWeightIntent = 0.6
	localWeightGap    = 0.4
)

// RankLocal ranks the county's local base in the chain — records located in its
// home county or named as local by its profile — by their expansion signals at the
// county's priority nodes: their new projects (增资扩产) are wins too.
//
// Score = 0.6 · intent + 0.4 · gap_fit, with intent the feature of features.go
// (dated expansion, new-branch and financing signals decayed over 180 days) and
// gap_fit = max over the firm's node tags of confidence × priority(node). A firm
// without a dated signal has intent unknown: it lists intent in Unknown and scores
// 0 for it (no expansion is known, and a local list is read for expansions).
// Contributions are the two weighted parts and sum to the score. Request.Node,
// Limit, Weights (their gap part sets the priorities) and Now apply; Candidates,
// TextScores and IncludeLocal are ignored.
func RankLocal(p *Pool, req Request) (*Result, error) {
	if p == nil || !p.frozen {
		panic("match: RankLocal needs a frozen pool")
	}
	fe := chainmatch.FieldErrors{}
	if req.County == nil {
		fe.Add("county", "required")
	}
	if req.Chain == nil {
		fe.Add("chain", "required")
	}
	if req.Now.IsZero() {
		fe.Add("now", "required")
	}
	if err := fe.Err(); err != nil {
		return nil, fmt.Errorf("rank local: %w", err)
	}
	c, ok := p.chainIdx[req.Chain.ID]
	if !ok {
		return nil, fmt.Errorf("rank local: chain %q: %w", req.Chain.ID, chainmatch.ErrNotFound)
	}
	w := DefaultWeights()
	if req.Weights != nil {
		w = *req.Weights
		if err := w.Validate(); err != nil {
			return nil, fmt.Errorf("rank local: %w", err)
		}
	}
	ch := &p.chains[c]
	nodeFilter := -1
	if req.Node != "" {
		if nodeFilter = nodeIndex(ch, req.Node); nodeFilter < 0 {
			return nil, fmt.Errorf("rank local: %w", chainmatch.FieldErrors{"node": fmt.Sprintf("%q is not a node of %s", req.Node, ch.ID)})
		}
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 50
	}
	now := req.Now.UTC()
	day := int32(now.Unix() / 86400)
	s := p.chainSet(c, day, now.Year())
	gaps := p.gaps(req.County, c, w.Gap)
	x := p.newRankCtx(s, req.County, ch, day)
	res := &Result{County: req.County.Code, Chain: ch.ID, Weights: w, Gaps: gaps,
		Counts: Counts{Unknown: map[string]int{}}, Means: map[string]float64{}}
	type row struct {
		j          int32
		node       int
		gap, inten float64
		text       float64
		unknown    bool
		score      float64
	}
	var rows []row
	for j := range s.c {
		i := s.rec[j]
		if !p.isLocal(i, x.home) {
			continue
		}
		res.Counts.Candidates++
		res.Counts.Local++
		cd := &s.c[j]
		best, bn, text := -1.0, -1, 0.0
		for k := cd.t0; k < cd.t1; k++ {
			nd := int(s.tNode[k])
			if nodeFilter >= 0 && nd != nodeFilter {
				continue
			}
			if v := float64(s.tConf[k]) * gaps.Nodes[nd].Priority; v > best {
				best, bn, text = v, nd, float64(s.tText[k])
			}
		}
		if bn < 0 {
			res.Counts.OtherNode++
			continue
		}
		r := row{j: int32(j), node: bn, gap: best, text: text, inten: float64(cd.intent)}
		if math.IsNaN(r.inten) {
			r.inten, r.unknown = 0, true
			res.Counts.Unknown[chainmatch.FeatureIntent]++
		}
		r.score = localWeightIntent*r.inten + localWeightGap*r.gap
		rows = append(rows, r)
	}
	res.Counts.Scored = len(rows)
	sort.SliceStable(rows, func(a, b int) bool {
		if rows[a].score != rows[b].score {
			return rows[a].score > rows[b].score
		}
		return s.c[rows[a].j].key < s.c[rows[b].j].key
	})
	rows = rows[:min(limit, len(rows))]
	res.Targets = make([]chainmatch.Target, len(rows))
	res.Seqs = make([]uint32, len(rows))
	for k, r := range rows {
		i := s.rec[r.j]
		t := chainmatch.Target{Rank: k + 1, Enterprise: p.summary(int(i)), Score: r.score,
			Node: ch.Nodes[r.node].ID, NodeName: ch.Nodes[r.node].Name,
			Contributions: map[string]float64{
				chainmatch.FeatureIntent: localWeightIntent * r.inten,
				chainmatch.FeatureGapFit: localWeightGap * r.gap}}
		t.Reasons = append(t.Reasons, x.gapReason(i, r.j, r.node, gaps, ch, r.text))
		if rs, ok := x.reason(fIntent, i, r.j, r.node, ch); ok {
			t.Reasons = append(t.Reasons, rs)
		}
		if r.unknown {
			t.Unknown = []string{chainmatch.FeatureIntent}
			t.Reasons = append(t.Reasons, chainmatch.Reason{Feature: chainmatch.FeatureIntent,
				ZH: "暂无增资扩产等动态记录", EN: "no expansion or other dated signal on record"})
		}
		how := "located in the county"
		howZH := "注册/位于本县"
		if p.county[i] != x.home {
			how, howZH = "named as local by the county profile", "县域档案列为本地企业"
		}
		t.Reasons = append(t.Reasons, chainmatch.Reason{ZH: "本地企业（" + howZH + "）：增资扩产也是招商成果",
			EN: "Local firm (" + how + "): its expansion is a win too"})
		t.Channel = &chainmatch.Channel{Type: chainmatch.DirectVisit, Name: "属地服务：走访本地企业，对接增资扩产",
			NameEN: "Local service: visit the firm about its expansion", Where: req.County.Code}
		t.ChannelReason = &chainmatch.Reason{ZH: "本地企业，由属地走访服务对接", EN: "a local firm: reached by the county's own visits"}
		t.Flags = []chainmatch.Flag{{Code: chainmatch.FlagLocalBase, ZH: "本地企业", EN: "local base"}}
		res.Targets[k] = t
		res.Seqs[k] = p.seq[i]
	}
	res.Counts.Returned = len(rows)
	res.Means[chainmatch.FeatureIntent] = s.mean[fIntent]
	return res, nil
}
