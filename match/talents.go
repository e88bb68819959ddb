package match

import (
	"fmt"
	"math"
	"strings"

	"github.com/chainmatch/chainmatch"
)

// TalentPool is the in-memory copy of the talents of one data generation, keyed by
// the store's talent Seq. Build it like a Pool: NewTalentPool, Add, Freeze.
//
// Talents are ranked by Rank (Request.Talents), the path enterprises take, with
// the same β; four of the features apply to them:
//
//   - gap_fit = max over node tags in the chain of confidence × priority(node), the
//     priority from the enterprise pool's Gaps for the county.
//   - quality = Σ w_p v_p / Σ w_p over the known parts: degree .30 (博士/PhD 1,
//     硕士/master .6, 学士/本科/bachelor .3), title .25 (院士/academician 1; 教授,
//     研究员, 正高, professor .8; 副教授, 副研究员, 高级工程师, associate, senior .5;
//     工程师, 讲师, engineer, lecturer .25), honours .20 (talent programmes,
//     min(1, n/2)), patents .10 and papers .10 (clamp(log10(1+n)/2)), team .05.
//     Degree, title, patents and papers drop out when missing; honours and team are
//     known with the feature. Unknown when degree, title, honours, patents, papers
//     and team are all missing.
//   - proximity = as for enterprises from the location county's centroid; a talent
//     abroad scores 0 (known: far away). Unknown without a location.
//   - ties = min(1, hometown in the county 1.0 (乡贤) | in its city .6 | in its
//     province .3, + the county's chamber, station or ambassador in the talent's
//     city .2, + abroad and the county has an overseas association .3). Unknown
//     when hometown and location are both missing.
//
// growth, intent and risk do not apply to people and contribute nothing.
type TalentPool struct {
	chains   []chainmatch.Chain
	chainIdx map[string]int
	nodeBase []int
	counties map[string]int
	clist    []chainmatch.County
	frozen   bool

	seq     []uint32
	loc     []int32 // county code, 0 unknown or abroad
	abroad  []bool
	country []string
	home    []int32 // hometown county code
	pt      []vec3
	quality []float32
	tagOff  []uint32
	tagNode []uint16
	tagConf []float32
	tagEv   []string
	summary []chainmatch.TalentSummary
	key     []uint32 // nameKey: equal scores are ordered by it, not by import order
	honours [][]string
	bySeq   map[uint32]int32
}

// NewTalentPool returns an empty talent pool for chains and counties.
func NewTalentPool(chains []chainmatch.Chain, counties []chainmatch.County) *TalentPool {
	tp := &TalentPool{chains: chains, chainIdx: map[string]int{}, counties: map[string]int{},
		clist: counties, tagOff: []uint32{0}, bySeq: map[uint32]int32{}}
	base := 0
	for i := range chains {
		tp.chainIdx[chains[i].ID] = i
		tp.nodeBase = append(tp.nodeBase, base)
		base += len(chains[i].Nodes)
	}
	for i := range counties {
		tp.counties[counties[i].Code] = i
	}
	return tp
}

// Add appends the talent stored under seq; a repeated seq is a conflict.
func (tp *TalentPool) Add(seq uint32, t *chainmatch.Talent) error {
	if tp.frozen {
		panic("match: TalentPool.Add after Freeze")
	}
	if _, dup := tp.bySeq[seq]; dup {
		return fmt.Errorf("talent pool add %d: %w: repeated seq", seq, chainmatch.ErrConflict)
	}
	tp.bySeq[seq] = int32(len(tp.seq))
	tp.seq = append(tp.seq, seq)
	loc, abroad, country := int32(0), t.Abroad(), ""
	if abroad {
		country = t.Location
	} else {
		loc = codeNum(t.Location)
	}
	pt := vec3{X: float32(math.NaN())}
	if k, ok := tp.counties[t.Location]; ok && (tp.clist[k].Lat != 0 || tp.clist[k].Lon != 0) {
		pt = unitVec(tp.clist[k].Lat, tp.clist[k].Lon)
	}
	tp.loc = append(tp.loc, loc)
	tp.abroad = append(tp.abroad, abroad)
	tp.country = append(tp.country, country)
	tp.home = append(tp.home, codeNum(t.Hometown))
	tp.pt = append(tp.pt, pt)
	tp.quality = append(tp.quality, float32(talentQuality(t)))
	for _, nt := range t.NodeTags {
		c, ok := tp.chainIdx[nt.Chain]
		if !ok || nt.Confidence <= 0 {
			continue
		}
		for k := range tp.chains[c].Nodes {
			if tp.chains[c].Nodes[k].ID == nt.Node {
				tp.tagNode = append(tp.tagNode, uint16(tp.nodeBase[c]+k))
				tp.tagConf = append(tp.tagConf, float32(math.Min(1, nt.Confidence)))
				ev := ""
				if len(nt.Evidence) > 0 {
					ev = nt.Evidence[0].Field + ":" + nt.Evidence[0].Match
				}
				tp.tagEv = append(tp.tagEv, ev)
				break
			}
		}
	}
	tp.tagOff = append(tp.tagOff, uint32(len(tp.tagNode)))
	tp.summary = append(tp.summary, *t.Summary())
	tp.key = append(tp.key, nameKey(t.Name, seq))
	tp.honours = append(tp.honours, t.Honours)
	return nil
}

// Freeze ends the build.
func (tp *TalentPool) Freeze() { tp.frozen = true }

// Len is the number of talents.
func (tp *TalentPool) Len() int { return len(tp.seq) }

func containsAny(s string, words ...string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func talentQuality(t *chainmatch.Talent) float64 {
	var sum, w float64
	known := false
	if t.Degree != "" {
		known = true
		v := 0.0
		switch {
		case containsAny(t.Degree, "博士", "phd", "doctor"):
			v = 1
		case containsAny(t.Degree, "硕士", "master", "msc", "mba"):
			v = .6
		case containsAny(t.Degree, "学士", "本科", "bachelor"):
			v = .3
		}
		sum, w = sum+.30*v, w+.30
	}
	if t.Title != "" {
		known = true
		v := 0.0
		switch {
		case containsAny(t.Title, "院士", "academician"):
			v = 1
		case containsAny(t.Title, "副教授", "副研究员", "高级工程师", "高工", "associate", "senior"):
			v = .5
		case containsAny(t.Title, "教授", "研究员", "正高", "professor"):
			v = .8
		case containsAny(t.Title, "工程师", "讲师", "engineer", "lecturer"):
			v = .25
		}
		sum, w = sum+.25*v, w+.25
	}
	if t.Patents != nil {
		known = true
		sum, w = sum+.10*log01(float64(*t.Patents), 2), w+.10
	}
	if t.Papers != nil {
		known = true
		sum, w = sum+.10*log01(float64(*t.Papers), 2), w+.10
	}
	if len(t.Honours) > 0 || t.Team {
		known = true
	}
	if !known {
		return math.NaN()
	}
	sum += .20 * math.Min(1, float64(len(t.Honours))/2)
	if t.Team {
		sum += .05
	}
	w += .25
	return sum / w
}

// talentFeatures are the features talents use, in column order; the others
// (text, growth, intent, risk) do not apply to people and are 0, never unknown.
var talentFeatures = []int{fGap, fQuality, fProximity, fTies}

// rank is Rank's talent branch (Request.Talents): it fills one feature row per
// talent tagged to the chain (unknowns at the mean over those talents) and hands
// them to rankRows, the path enterprises take. Node priorities are the enterprise
// pool's gaps for the county, so a talent fills the gap node where its tag scores
// best.
func (tp *TalentPool) rank(x *rankCtx, req Request, w chainmatch.Weights, gaps *Gaps, prio, beta []float64, nodeFilter, limit int) (*Result, error) {
	ch := x.ch
	res := &Result{County: req.County.Code, Chain: ch.ID, Weights: w, Gaps: gaps,
		Counts: Counts{Unknown: map[string]int{}}, Means: map[string]float64{}, Where: []RegionCount{}}
	tc, ok := tp.chainIdx[ch.ID]
	if !ok {
		return nil, fmt.Errorf("rank talents: chain %q: %w", ch.ID, chainmatch.ErrNotFound)
	}
	lo, hi := tp.nodeBase[tc], tp.nodeBase[tc]+len(tp.chains[tc].Nodes)
	var idx []int
	if req.Candidates == nil {
		idx = make([]int, len(tp.seq))
		for i := range idx {
			idx[i] = i
		}
	} else {
		seen := map[uint32]bool{}
		for _, q := range req.Candidates {
			i, ok := tp.bySeq[q]
			if !ok || seen[q] {
				if !ok {
					res.Counts.NotInChain++
				}
				continue
			}
			seen[q] = true
			idx = append(idx, int(i))
		}
	}
	sc := &scratch{x: make([]float64, len(idx)*nFeatures), score: make([]float64, len(idx)),
		pos: make([]int32, len(idx)), node: make([]uint16, len(idx)), unk: make([]uint8, len(idx))}
	m := 0
	for _, i := range idx {
		best, bn, inChain := -1.0, -1, false
		for k := tp.tagOff[i]; k < tp.tagOff[i+1]; k++ {
			g := int(tp.tagNode[k])
			if g < lo || g >= hi {
				continue
			}
			inChain = true
			if nodeFilter >= 0 && g-lo != nodeFilter {
				continue
			}
			if v := float64(tp.tagConf[k]) * prio[g-lo]; v > best {
				best, bn = v, g-lo
			}
		}
		switch {
		case !inChain:
			if req.Candidates != nil {
				res.Counts.NotInChain++
			}
			continue
		case bn < 0:
			res.Counts.Candidates++
			res.Counts.OtherNode++
			continue
		}
		res.Counts.Candidates++
		row := sc.x[m*nFeatures : (m+1)*nFeatures]
		row[fGap] = best
		row[fQuality] = float64(tp.quality[i])
		row[fProximity] = tp.proximity(x, i)
		row[fTies] = tp.ties(x, i)
		sc.pos[m], sc.node[m] = int32(i), uint16(bn)
		m++
	}
	var mean [nFeatures]float64
	for _, f := range talentFeatures {
		var s, n float64
		for r := 0; r < m; r++ {
			if v := sc.x[r*nFeatures+f]; v == v {
				s, n = s+v, n+1
			}
		}
		if n > 0 {
			mean[f] = s / n
		}
		for r := 0; r < m; r++ {
			if v := sc.x[r*nFeatures+f]; v != v {
				sc.x[r*nFeatures+f] = mean[f]
				sc.unk[r] |= 1 << f
				res.Counts.Unknown[featureNames[f]]++
			}
		}
	}
	for f := range featureNames {
		res.Means[featureNames[f]] = mean[f]
	}
	res.Counts.Scored = m
	if m == 0 {
		res.Targets = []chainmatch.Target{}
		return res, nil
	}
	rankRows(res, sc, m, beta, limit, func(a, b int) bool {
		ia, ib := sc.pos[a], sc.pos[b]
		if tp.key[ia] != tp.key[ib] {
			return tp.key[ia] < tp.key[ib]
		}
		return tp.seq[ia] < tp.seq[ib]
	}, func(rank, r int) (chainmatch.Target, uint32) {
		i, node := int(sc.pos[r]), int(sc.node[r])
		row := sc.x[r*nFeatures : (r+1)*nFeatures]
		sum := tp.summary[i]
		t := chainmatch.Target{Rank: rank + 1, Talent: &sum, Score: sc.score[r],
			Node: ch.Nodes[node].ID, NodeName: ch.Nodes[node].Name,
			Contributions: make(map[string]float64, nFeatures)}
		for k := tp.tagOff[i]; k < tp.tagOff[i+1]; k++ {
			if int(tp.tagNode[k]) == lo+node {
				t.NodeConfidence = round3(float64(tp.tagConf[k]))
			}
		}
		for f := 0; f < nFeatures; f++ {
			t.Contributions[featureNames[f]] = beta[f]*row[f] + 0
			if sc.unk[r]&(1<<f) != 0 {
				t.Unknown = append(t.Unknown, featureNames[f])
			}
		}
		var arr [nFeatures]float64
		copy(arr[:], row)
		t.Reasons = tp.reasons(x, i, node, gaps, ch, arr, sc.unk[r])
		t.Channel = tp.channel(x, i)
		return t, tp.seq[i]
	})
	return res, nil
}

func (tp *TalentPool) proximity(x *rankCtx, i int) float64 {
	if tp.abroad[i] {
		return 0
	}
	pt := tp.pt[i]
	if pt.X != pt.X || !x.hasPt {
		return math.NaN()
	}
	v := .6 * x.tbl.at(halfChord(pt, x.cpt))
	if l := tp.loc[i]; l != 0 && uint8(l/10000) == x.prov {
		v += .25
		if l/100*100 == x.city {
			v += .15
		}
	}
	return v
}

func (tp *TalentPool) ties(x *rankCtx, i int) float64 {
	h, l := tp.home[i], tp.loc[i]
	if h == 0 && l == 0 && !tp.abroad[i] {
		return math.NaN()
	}
	var t float64
	switch {
	case h == 0:
	case h == x.home || h == codeNum(x.county.Code):
		t = 1
	case h/100*100 == x.city:
		t = .6
	case uint8(h/10000) == x.prov:
		t = .3
	}
	if l != 0 {
		for _, c := range x.chCity {
			if c == l/100*100 {
				t += .2
				break
			}
		}
	}
	if tp.abroad[i] && x.overseas {
		t += .3
	}
	return math.Min(1, t)
}

func (tp *TalentPool) reasons(x *rankCtx, i, node int, gaps *Gaps, ch *chainmatch.Chain, row [nFeatures]float64, unk uint8) []chainmatch.Reason {
	n, g := &ch.Nodes[node], &gaps.Nodes[node]
	out := []chainmatch.Reason{{Feature: chainmatch.FeatureGapFit,
		ZH: fmt.Sprintf("契合缺口环节：%s（优先级%.2f）", n.Name, g.Priority),
		EN: fmt.Sprintf("Fits gap node: %s (priority %.2f)", n.NameEN, g.Priority)}}
	s := tp.summary[i]
	var zh, en []string
	for _, v := range []string{s.Degree, s.Title, s.Institution} {
		if v != "" {
			zh, en = append(zh, v), append(en, v)
		}
	}
	if hs := tp.honours[i]; len(hs) > 0 {
		zh, en = append(zh, "入选"+strings.Join(hs, "、")), append(en, "honours: "+strings.Join(hs, ", "))
	}
	if len(zh) > 0 && unk&(1<<fQuality) == 0 {
		out = append(out, chainmatch.Reason{Feature: chainmatch.FeatureQuality,
			ZH: "人才层次：" + strings.Join(zh, "，"), EN: "Standing: " + strings.Join(en, ", ")})
	}
	if h := tp.home[i]; h != 0 && row[fTies] > 0 {
		r := chainmatch.Reason{Feature: chainmatch.FeatureTies}
		switch {
		case h == x.home || h == codeNum(x.county.Code):
			r.ZH, r.EN = "乡贤：籍贯为本县", "Hometown is the county"
		case h/100*100 == x.city:
			r.ZH, r.EN = "乡情：籍贯为本市", "Hometown is in the same city"
		default:
			r.ZH, r.EN = "乡情：籍贯为本省", "Hometown is in the same province"
		}
		out = append(out, r)
	}
	if tp.abroad[i] {
		out = append(out, chainmatch.Reason{Feature: chainmatch.FeatureTies,
			ZH: "海外人才（" + tp.country[i] + "）", EN: "Overseas talent (" + tp.country[i] + ")"})
	}
	if unk != 0 {
		var names []string
		for _, f := range talentFeatures {
			if unk&(1<<f) != 0 {
				names = append(names, featureNames[f])
			}
		}
		zhs := make([]string, len(names))
		for k, f := range names {
			zhs[k] = featureLabel(f)
		}
		out = append(out, chainmatch.Reason{ZH: fmt.Sprintf("数据缺失（%s），按平均值计分", strings.Join(zhs, "、")),
			EN: fmt.Sprintf("Missing data (%s): scored at the average", strings.Join(names, ", "))})
	}
	return out
}

// channel for a talent: overseas association when abroad; the county's chamber,
// station or ambassador in the talent's city; an ambassador for a native (乡贤);
// else a direct visit.
func (tp *TalentPool) channel(x *rankCtx, i int) *chainmatch.Channel {
	byType := func(t chainmatch.ChannelType) *chainmatch.Channel {
		for k := range x.county.Channels {
			if x.county.Channels[k].Type == t {
				return &x.county.Channels[k]
			}
		}
		return nil
	}
	if tp.abroad[i] {
		if c := byType(chainmatch.OverseasAssoc); c != nil {
			return c
		}
	}
	if l := tp.loc[i]; l != 0 {
		for _, typ := range []chainmatch.ChannelType{chainmatch.Chamber, chainmatch.LiaisonStation, chainmatch.Ambassador} {
			for k := range x.county.Channels {
				c := &x.county.Channels[k]
				if city, _, _ := where(c.Where); c.Type == typ && city != 0 && city == l/100*100 {
					return c
				}
			}
		}
	}
	if h := tp.home[i]; h != 0 && (h == x.home || h/100*100 == x.city) {
		if c := byType(chainmatch.Ambassador); c != nil {
			return c
		}
	}
	return &chainmatch.Channel{Type: chainmatch.DirectVisit, Name: "上门引才", NameEN: "Direct visit"}
}
