package match

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/chainmatch/chainmatch"
)

// TalentPool is the in-memory copy of the talents of one data generation, keyed by
// the store's talent Seq. Build it like a Pool: NewTalentPool, Add, Freeze.
//
// Talents are scored on four of the enterprise features, with the same β:
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

	seq      []uint32
	loc      []int32 // county code, 0 unknown or abroad
	abroad   []bool
	country  []string
	home     []int32 // hometown county code
	pt       []vec3
	quality  []float32
	tagOff   []uint32
	tagNode  []uint16
	tagConf  []float32
	tagEv    []string
	summary  []chainmatch.TalentSummary
	honours  [][]string
	bySeq    map[uint32]int32
	cityPt   map[int32]vec3
	provName map[uint8]string
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
	tp.summary = append(tp.summary, chainmatch.TalentSummary{ID: t.ID, Name: t.Name, Degree: t.Degree,
		Title: t.Title, Institution: t.Institution, Location: t.Location})
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

// talentFeatures are the features talents use, in column order.
var talentFeatures = []int{fGap, fQuality, fProximity, fTies}

// RankTalents ranks the talents of tp for req's county and chain; node priorities
// come from the enterprise pool p (its Gaps). Request fields mean what they mean
// for Rank; Now is not needed. Score = β · x over gap_fit, quality, proximity and
// ties with gonum mat, contributions β_k x_k; unknowns take the mean over the
// chain's talents. Talents whose location is the county are kept (people move).
func RankTalents(p *Pool, tp *TalentPool, req Request) (*Result, error) {
	if p == nil || !p.frozen || tp == nil || !tp.frozen {
		panic("match: RankTalents needs frozen pools")
	}
	fe := chainmatch.FieldErrors{}
	if req.County == nil {
		fe.Add("county", "required")
	}
	if req.Chain == nil {
		fe.Add("chain", "required")
	}
	if err := fe.Err(); err != nil {
		return nil, fmt.Errorf("rank talents: %w", err)
	}
	c, ok := p.chainIdx[req.Chain.ID]
	tc, ok2 := tp.chainIdx[req.Chain.ID]
	if !ok || !ok2 {
		return nil, fmt.Errorf("rank talents: chain %q: %w", req.Chain.ID, chainmatch.ErrNotFound)
	}
	w := DefaultWeights()
	if req.Weights != nil {
		w = *req.Weights
		if err := ValidateWeights(&w); err != nil {
			return nil, fmt.Errorf("rank talents: %w", err)
		}
	}
	ch := &p.chains[c]
	nodeFilter := -1
	if req.Node != "" {
		for k, n := range ch.Nodes {
			if n.ID == req.Node {
				nodeFilter = k
			}
		}
		if nodeFilter < 0 {
			return nil, fmt.Errorf("rank talents: %w", chainmatch.FieldErrors{"node": fmt.Sprintf("%q is not a node of %s", req.Node, ch.ID)})
		}
	}
	limit := req.Limit
	if limit == 0 {
		limit = 50
	}
	gaps := p.gaps(req.County, c, w.Gap)
	x := p.newRankCtx(&chainSet{}, req.County, ch, 0)
	lo, hi := tp.nodeBase[tc], tp.nodeBase[tc]+len(tp.chains[tc].Nodes)

	// rows over the chain's talents
	type trow struct {
		i    int
		node int
		x    [nFeatures]float64
		unk  uint8
	}
	var rows []trow
	consider := func(i int) {
		best, bn := -1.0, -1
		for k := tp.tagOff[i]; k < tp.tagOff[i+1]; k++ {
			g := int(tp.tagNode[k])
			if g < lo || g >= hi || (nodeFilter >= 0 && g-lo != nodeFilter) {
				continue
			}
			if v := float64(tp.tagConf[k]) * gaps.Nodes[g-lo].Priority; v > best {
				best, bn = v, g-lo
			}
		}
		if bn < 0 {
			return
		}
		r := trow{i: i, node: bn}
		r.x[fGap] = best
		r.x[fQuality] = float64(tp.quality[i])
		r.x[fProximity] = tp.proximity(x, i)
		r.x[fTies] = tp.ties(x, i)
		rows = append(rows, r)
	}
	res := &Result{County: req.County.Code, Chain: ch.ID, Weights: w, Gaps: gaps,
		Counts: Counts{Unknown: map[string]int{}}, Means: map[string]float64{}}
	if req.Candidates == nil {
		for i := range tp.seq {
			consider(i)
		}
	} else {
		seen := map[uint32]bool{}
		for _, s := range req.Candidates {
			i, ok := tp.bySeq[s]
			if !ok || seen[s] {
				continue
			}
			seen[s] = true
			n := len(rows)
			consider(int(i))
			if len(rows) == n {
				res.Counts.NotInChain++
			}
		}
	}
	res.Counts.Candidates = len(rows)
	var mean [nFeatures]float64
	for _, f := range talentFeatures {
		var s, n float64
		for _, r := range rows {
			if v := r.x[f]; v == v {
				s += v
				n++
			}
		}
		if n > 0 {
			mean[f] = s / n
		}
		res.Means[featureNames[f]] = mean[f]
	}
	for k := range rows {
		for _, f := range talentFeatures {
			if v := rows[k].x[f]; v != v {
				rows[k].x[f] = mean[f]
				rows[k].unk |= 1 << f
				res.Counts.Unknown[featureNames[f]]++
			}
		}
	}
	res.Counts.Scored = len(rows)
	if len(rows) == 0 {
		res.Targets = []chainmatch.Target{}
		return res, nil
	}
	nf := len(talentFeatures)
	X := mat.NewDense(len(rows), nf, nil)
	beta := mat.NewVecDense(nf, nil)
	for j, f := range talentFeatures {
		beta.SetVec(j, w.Beta[featureNames[f]])
		for k := range rows {
			X.Set(k, j, rows[k].x[f])
		}
	}
	var scores mat.VecDense
	scores.MulVec(X, beta)
	order := make([]int, len(rows))
	for k := range order {
		order[k] = k
	}
	sort.Slice(order, func(a, b int) bool {
		sa, sb := scores.AtVec(order[a]), scores.AtVec(order[b])
		if sa != sb {
			return sa > sb
		}
		return tp.seq[rows[order[a]].i] < tp.seq[rows[order[b]].i]
	})
	order = order[:min(limit, len(order))]
	for rank, k := range order {
		r := rows[k]
		sum := tp.summary[r.i]
		t := chainmatch.Target{Rank: rank + 1, Talent: &sum, Score: scores.AtVec(k),
			Node: ch.Nodes[r.node].ID, NodeName: ch.Nodes[r.node].Name,
			Contributions: map[string]float64{}}
		for j, f := range talentFeatures {
			t.Contributions[featureNames[f]] = beta.AtVec(j)*r.x[f] + 0
			if r.unk&(1<<f) != 0 {
				t.Unknown = append(t.Unknown, featureNames[f])
			}
		}
		t.Reasons = tp.reasons(x, r.i, r.node, gaps, ch, r.x, r.unk)
		t.Channel = tp.channel(x, r.i)
		res.Targets = append(res.Targets, t)
		res.Seqs = append(res.Seqs, tp.seq[r.i])
	}
	res.Counts.Returned = len(res.Targets)
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
