package match

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/chainmatch/chainmatch"
)

// Request asks for the targets of one county and chain.
type Request struct {
	County *chainmatch.County
	// Chain is matched by ID against the chains the pool was built with.
	Chain   *chainmatch.Chain
	Weights *chainmatch.Weights // nil: DefaultWeights
	Limit   int                 // targets to return; 0 means 50
	// Node restricts candidates to those tagged at this node id (which they then fill).
	Node string
	// Candidates are pool seqs to consider (e.g. from the index); nil means every
	// record tagged to the chain. Seqs not tagged to the chain are counted and skipped.
	Candidates []uint32
	// TextScores are optional retrieval scores by seq (see gap_fit in features.go).
	TextScores map[uint32]float64
	// IncludeLocal keeps enterprises located in the county (its seat county for a
	// platform); by default they are presence, not targets.
	IncludeLocal bool
	// Now dates intent decay and firm age. Required.
	Now time.Time
	// Talents, when set, ranks the talents of this pool (招才引智) instead of
	// enterprises, through the same path: Candidates are then talent seqs, and
	// talents located in the county are kept (people move).
	Talents *TalentPool
}

// Result is a ranked target list with the gaps it was computed from.
type Result struct {
	County  string              `json:"county"`
	Chain   string              `json:"chain"`
	Weights chainmatch.Weights  `json:"weights"`
	Gaps    *Gaps               `json:"gaps"`
	Targets []chainmatch.Target `json:"targets"`
	// Seqs[i] is the pool seq of Targets[i].
	Seqs   []uint32 `json:"-"`
	Counts Counts   `json:"counts"`
	// Means are the feature means over the chain's candidate set used for unknowns.
	Means map[string]float64 `json:"means"`
	// Where says which provinces hold the scored candidates and the targets (the
	// "where" of a target list), most targets first.
	Where []RegionCount `json:"where"`
	// Quotas reports a quota selection (ApplyQuotas), when one was asked for.
	Quotas *QuotaReport `json:"quotas,omitempty"`
}

// RegionCount counts candidates and returned targets in one province.
type RegionCount struct {
	Province   string `json:"province"` // two-digit code, "" unknown
	Name       string `json:"name,omitempty"`
	Candidates int    `json:"candidates"`
	Targets    int    `json:"targets"`
}

// Counts say what happened to the candidates of a request.
type Counts struct {
	Candidates int            `json:"candidates"`   // considered (tagged to the chain)
	Local      int            `json:"local"`        // in the county: presence, not targets
	NotInChain int            `json:"not_in_chain"` // requested seqs not tagged to the chain
	OtherNode  int            `json:"other_node"`   // not tagged at Request.Node
	Scored     int            `json:"scored"`
	Returned   int            `json:"returned"`
	Unknown    map[string]int `json:"unknown"` // scored candidates with the feature unknown
}

type setKey struct {
	chain int
	day   int32
}

// chainSet caches, per chain and day, the records tagged to the chain with their
// chain node tags and time-dependent features; per county it caches the means of
// the county-dependent features. It changes only when the pool does.
type chainSet struct {
	c   []cand  // one cache line per candidate, in pool order
	rec []int32 // pool record indices, ascending
	// pos maps a pool record index to its position in rec (−1 when absent); built
	// on the first request with explicit candidates (positions).
	pos     []int32
	posOnce sync.Once
	tOff    []uint32
	tNode   []uint16 // node index within the chain
	tConf   []float32
	tText   []float32 // node text score (Pool.SetNodeText)
	tPool   []uint32  // pool tag index (for evidence)
	mean    [nFeatures]float64
	// leaders are the chain leaders: record, county code and node.
	leaders []leaderTag

	mu          sync.Mutex
	county      map[string]*countyCache // by countyKey
	countyOrder []string
}

// cand is what the hot loop reads of one candidate, packed into one cache line.
type cand struct {
	pt                            vec3    // X NaN when unknown
	quality, growth, intent, risk float32 // NaN when unknown (risk never)
	county, city                  int32
	br0, br1                      uint32 // pool branch range
	t0, t1                        uint32 // set tag range
	seq                           uint32
	key                           uint32 // order-independent tie-break: hash of the record's name
	flags                         uint16
	prov                          uint8
}

func (s *chainSet) positions(n int) []int32 {
	s.posOnce.Do(func() {
		s.pos = make([]int32, n)
		for i := range s.pos {
			s.pos[i] = -1
		}
		for j, i := range s.rec {
			s.pos[i] = int32(j)
		}
	})
	return s.pos
}

type leaderTag struct {
	rec    int32
	county int32
	node   uint16
}

const maxSets = 16

func (p *Pool) chainSet(c int, day int32, nowYear int) *chainSet {
	key := setKey{c, day}
	p.mu.Lock()
	defer p.mu.Unlock()
	if s, ok := p.sets[key]; ok {
		return s
	}
	s := p.buildSet(c, day, nowYear)
	if len(p.order) >= maxSets {
		delete(p.sets, p.order[0])
		p.order = p.order[1:]
	}
	p.sets[key] = s
	p.order = append(p.order, key)
	return s
}

// Warm builds the candidate sets of every chain for the day of now in one pass
// over the records and keeps those not built yet, so that the first match of a
// chain does not pay for its set (Rank's "first request"). It is safe beside
// Rank; call it when a pool starts answering.
func (p *Pool) Warm(now time.Time) {
	now = now.UTC()
	day := int32(now.Unix() / 86400)
	var cs []int
	p.mu.Lock()
	for c := range p.chains {
		if _, ok := p.sets[setKey{c, day}]; !ok && len(cs) < maxSets {
			cs = append(cs, c)
		}
	}
	p.mu.Unlock()
	if len(cs) == 0 {
		return
	}
	sets := p.buildSets(cs, day, now.Year())
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, c := range cs {
		key := setKey{c, day}
		if _, ok := p.sets[key]; ok {
			continue
		}
		if len(p.order) >= maxSets {
			delete(p.sets, p.order[0])
			p.order = p.order[1:]
		}
		p.sets[key] = sets[k]
		p.order = append(p.order, key)
	}
}

// buildSets is buildSet for the chains cs at once: one pass over the records.
func (p *Pool) buildSets(cs []int, day int32, nowYear int) []*chainSet {
	chainOf := make([]int, p.nodes) // global node → position in cs, −1 none
	for g := range chainOf {
		chainOf[g] = -1
	}
	for k, c := range cs {
		lo, hi := p.chainNodes(c)
		for g := lo; g < hi; g++ {
			chainOf[g] = k
		}
	}
	sets := make([]*chainSet, len(cs))
	acc := make([]setAcc, len(cs))
	for k := range sets {
		sets[k] = &chainSet{tOff: []uint32{0}, county: map[string]*countyCache{}}
	}
	var touched []int
	for i := range p.seq {
		touched = touched[:0]
		for t := p.tagOff[i]; t < p.tagOff[i+1]; t++ {
			if k := chainOf[p.tagNode[t]]; k >= 0 && !slices.Contains(touched, k) {
				touched = append(touched, k)
			}
		}
		for _, k := range touched {
			lo, hi := p.chainNodes(cs[k])
			p.addToSet(sets[k], &acc[k], i, lo, hi, day, nowYear)
		}
	}
	for k := range sets {
		acc[k].means(sets[k])
	}
	return sets
}

// setAcc sums the county-independent features of a set for their means.
type setAcc struct{ sum, cnt [nFeatures]float64 }

func (a *setAcc) means(s *chainSet) {
	for f := range a.sum {
		if a.cnt[f] > 0 {
			s.mean[f] = a.sum[f] / a.cnt[f]
		}
	}
}

// addToSet adds record i, which has a tag among the global nodes lo..hi−1, to s.
// A firm imported twice (twins.go) is one candidate: its registered record with
// the listed record's tags (the more confident of a node's two), tags (listed)
// and features added (the better of each known, the worse risk).
func (p *Pool) addToSet(s *chainSet, a *setAcc, i, lo, hi int, day int32, nowYear int) {
	if p.absorbed(i, lo, hi) {
		return
	}
	t0 := len(s.tNode)
	p.addTags(s, i, lo, hi, -1, false)
	g, t := float32(p.growthAt(i, nowYear)), float32(p.intentAt(i, day))
	c := cand{pt: p.pt[i], quality: p.quality[i], growth: g, intent: t,
		risk: p.risk[i], county: p.county[i], city: p.city[i], br0: p.brOff[i], br1: p.brOff[i+1],
		seq: p.seq[i], key: p.idKey(i), flags: p.flags[i], prov: p.prov[i]}
	if tw, ok := p.twins[int32(i)]; ok {
		j := int(tw)
		p.addTags(s, j, lo, hi, t0, p.namesNode(i, lo, hi))
		c.quality = better(c.quality, p.quality[j])
		c.growth = better(c.growth, float32(p.growthAt(j, nowYear)))
		c.intent = better(c.intent, float32(p.intentAt(j, day)))
		c.risk = max(c.risk, p.risk[j])
		c.flags |= p.flags[j]
		if c.pt.X != c.pt.X {
			c.pt = p.pt[j]
		}
	}
	s.rec = append(s.rec, int32(i))
	s.tOff = append(s.tOff, uint32(len(s.tNode)))
	c.t0, c.t1 = s.tOff[len(s.tOff)-2], s.tOff[len(s.tOff)-1]
	s.c = append(s.c, c)
	for f, v := range [...]float32{fQuality: c.quality, fGrowth: c.growth, fIntent: c.intent, fRisk: c.risk} {
		if f != fQuality && f != fGrowth && f != fIntent && f != fRisk {
			continue
		}
		if v == v {
			a.sum[f] += float64(v)
			a.cnt[f]++
		}
	}
}

// addTags appends record i's tags among the global nodes lo..hi−1 to s. With
// t0 ≥ 0 (a twin's tags) it keeps, for a node already among s's tags from t0
// on, the higher confidence and text score of the two (and the registered
// record's evidence), and with narrowed it adds no other node: the
// registered record's own words name the node, and the listed record's label
// no longer spreads the firm over the chain's others (as the tagger's
// narrowIndustry does within a record). A record's own tags are one per node.
func (p *Pool) addTags(s *chainSet, i, lo, hi, t0 int, narrowed bool) {
	for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
		g := int(p.tagNode[k])
		if g < lo || g >= hi {
			continue
		}
		d := dupTag(s.tNode, t0, uint16(g-lo))
		if d < 0 && narrowed {
			continue
		}
		if p.flags[i]&bitLeader != 0 {
			s.leaders = append(s.leaders, leaderTag{int32(i), p.county[i], uint16(g - lo)})
		}
		if d >= 0 {
			// The registered record's evidence is the one quoted.
			s.tText[d] = max(s.tText[d], p.tagText[k])
			s.tConf[d] = max(s.tConf[d], p.tagConf[k])
			continue
		}
		s.tNode = append(s.tNode, uint16(g-lo))
		s.tConf = append(s.tConf, p.tagConf[k])
		s.tText = append(s.tText, p.tagText[k])
		s.tPool = append(s.tPool, k)
	}
}

// dupTag is the position of node among tags[t0:], −1 when absent or t0 < 0.
func dupTag(tags []uint16, t0 int, node uint16) int {
	if t0 < 0 {
		return -1
	}
	if d := slices.Index(tags[t0:], node); d >= 0 {
		return t0 + d
	}
	return -1
}

// better is the larger of two values that may be unknown (NaN).
func better(a, b float32) float32 {
	if a != a || b > a {
		return b
	}
	return a
}

func (p *Pool) buildSet(c int, day int32, nowYear int) *chainSet {
	return p.buildSets([]int{c}, day, nowYear)[0]
}

// rankCtx holds what the county-dependent features need.
type rankCtx struct {
	p         *Pool
	s         *chainSet
	tbl       *proxTable
	cpt       vec3
	hasPt     bool
	home      int32
	prov      uint8
	city      int32
	chCity    []int32
	chProv    []uint8
	overseas  bool
	leaderAdj []bool  // per chain node: adjacent to a local leader's node
	leaderFor []int32 // per chain node: the first such leader's record, −1 none
	county    *chainmatch.County
	ch        *chainmatch.Chain
	nodeIdx   map[string]uint16
	day       int32
	chn       *channelCtx // channel.go
}

func (p *Pool) newRankCtx(s *chainSet, county *chainmatch.County, ch *chainmatch.Chain, day int32) *rankCtx {
	x := &rankCtx{p: p, s: s, tbl: p.proxTable(), home: codeNum(county.HomeCounty()),
		prov: provNum(county.Province), city: codeNum(county.City), county: county, ch: ch,
		nodeIdx: make(map[string]uint16, len(ch.Nodes)), day: day}
	lat, lon := county.Lat, county.Lon
	if lat == 0 && lon == 0 {
		if k, ok := p.countyIdx[county.HomeCounty()]; ok {
			lat, lon = p.counties[k].Lat, p.counties[k].Lon
		}
	}
	if lat != 0 || lon != 0 {
		x.cpt, x.hasPt = unitVec(lat, lon), true
	}
	for _, chn := range county.Channels {
		switch chn.Type {
		case chainmatch.Chamber, chainmatch.LiaisonStation, chainmatch.Ambassador:
			if city, prov, _ := where(chn.Where); city != 0 {
				x.chCity = append(x.chCity, city)
			} else if prov != 0 {
				x.chProv = append(x.chProv, prov)
			}
		case chainmatch.OverseasAssoc:
			x.overseas = true
		}
	}
	idx := x.nodeIdx
	for k, n := range ch.Nodes {
		idx[n.ID] = uint16(k)
	}
	for _, l := range s.leaders {
		if l.county != x.home || x.home == 0 {
			continue
		}
		if x.leaderAdj == nil {
			x.leaderAdj = make([]bool, len(ch.Nodes))
			x.leaderFor = make([]int32, len(ch.Nodes))
			for k := range x.leaderFor {
				x.leaderFor[k] = -1
			}
		}
		ln := ch.Nodes[l.node].ID
		for _, e := range ch.Edges {
			other, ok := "", false
			switch ln {
			case e.From:
				other, ok = e.To, true
			case e.To:
				other, ok = e.From, true
			}
			if k, known := idx[other]; ok && known {
				x.leaderAdj[k] = true
				if x.leaderFor[k] < 0 {
					x.leaderFor[k] = l.rec
				}
			}
		}
	}
	x.chn = x.newChannelCtx()
	return x
}

// where reads a channel location: a province (two digits or NN0000), a city
// (NNNN00), a county (its city) or an ISO 3166 country code.
func where(w string) (city int32, prov uint8, country string) {
	switch {
	case len(w) == 2 && w[0] >= 'A' && w[0] <= 'Z':
		return 0, 0, w
	case len(w) == 2:
		return 0, provNum(w), ""
	case len(w) == 6:
		n := codeNum(w)
		if n == 0 {
			return 0, 0, ""
		}
		if n%10000 == 0 {
			return 0, uint8(n / 10000), ""
		}
		return n / 100 * 100, uint8(n / 10000), ""
	}
	return 0, 0, ""
}

func (p *Pool) proxTable() *proxTable {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tbl == nil {
		p.tbl = newProxTable()
	}
	return p.tbl
}

// proximity is the proximity feature of a candidate, NaN when unknown.
func (x *rankCtx) proximity(c *cand) float64 {
	pt := c.pt
	if pt.X != pt.X || !x.hasPt {
		return math.NaN()
	}
	v := .6 * x.tbl.at(halfChord(pt, x.cpt))
	if c.prov == x.prov && x.prov != 0 {
		v += .25
		if c.city == x.city && x.city != 0 {
			v += .15
		}
	}
	return v
}

// ties is the ties feature of a candidate, NaN when unknown.
func (x *rankCtx) ties(c *cand) float64 {
	if c.prov == 0 && c.br0 == c.br1 {
		return math.NaN()
	}
	var t float64
	if c.br0 < c.br1 {
		br := 0.0
		for _, b := range x.p.br[c.br0:c.br1] {
			if b == x.home {
				br = .5
				break
			} else if uint8(b/10000) == x.prov {
				br = .25
			}
		}
		t += br
	}
	ch := 0.0
	if c.city != 0 {
		for _, v := range x.chCity {
			if v == c.city {
				ch = .3
				break
			}
		}
	}
	if ch == 0 && c.prov != 0 {
		for _, v := range x.chProv {
			if v == c.prov {
				ch = .15
				break
			}
		}
		if ch == 0 {
			for _, v := range x.chCity {
				if uint8(v/10000) == c.prov {
					ch = .15
					break
				}
			}
		}
	}
	t += ch
	if x.overseas && c.flags&bitForeign != 0 {
		t += .2
	}
	if x.leaderAdj != nil {
		for _, n := range x.s.tNode[c.t0:c.t1] {
			if x.leaderAdj[n] {
				t += .3
				break
			}
		}
	}
	return math.Min(1, t)
}

// countyCache holds, per chain set and county, the proximity and ties columns
// (NaN unknown) and their means over the set.
type countyCache struct {
	prox, ties         []float32
	meanProx, meanTies float64
}

const maxCountyCaches = 8

// countyKey names what the county-dependent features read of a county.
func countyKey(c *chainmatch.County) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%s|%g|%g", c.Code, c.HomeCounty(), c.City, c.Province, c.Lat, c.Lon)
	for _, ch := range c.Channels {
		b.WriteString("|" + string(ch.Type) + ":" + ch.Where)
	}
	return b.String()
}

// countyColumns returns the county's proximity column and means over the chain set,
// computing them on the first request for the county (cached, at most 8 counties
// per set).
func (x *rankCtx) countyColumns() *countyCache {
	s := x.s
	key := countyKey(x.county)
	s.mu.Lock()
	cc, ok := s.county[key]
	s.mu.Unlock()
	if ok {
		return cc
	}
	cc = &countyCache{prox: make([]float32, len(s.c)), ties: make([]float32, len(s.c))}
	var sp, np, st, nt float64
	for j := range s.c {
		v := x.proximity(&s.c[j])
		cc.prox[j] = float32(v)
		if v == v {
			sp += v
			np++
		}
		v = x.ties(&s.c[j])
		cc.ties[j] = float32(v)
		if v == v {
			st += v
			nt++
		}
	}
	if np > 0 {
		cc.meanProx = sp / np
	}
	if nt > 0 {
		cc.meanTies = st / nt
	}
	s.mu.Lock()
	if _, ok := s.county[key]; !ok {
		if len(s.countyOrder) >= maxCountyCaches {
			delete(s.county, s.countyOrder[0])
			s.countyOrder = s.countyOrder[1:]
		}
		s.county[key] = cc
		s.countyOrder = append(s.countyOrder, key)
	}
	s.mu.Unlock()
	return cc
}

type scratch struct {
	js    []int32
	x     []float64
	score []float64
	pos   []int32
	node  []uint16
	unk   []uint8
	seen  []uint64
}

// Rank scores the chain's candidates for the county and returns the top Limit
// targets, best first. Score = β · x with x the candidate's feature vector (see
// features.go) and β = Weights.Beta in the order of chainmatch.Features, computed
// as one gonum mat.Dense (candidates × features) times mat.VecDense; each target's
// Contributions[k] = β_k x_k, so they sum to its Score. Ties are broken by a hash
// of the record's name (not by import order).
//
// Rank is safe for concurrent use on a frozen pool. The first request for a chain
// and day builds the chain's candidate set (records tagged to the chain with their
// county-independent features; 16 sets are kept), the first for a county its
// proximity and ties columns over the set (8 counties a set); later requests only
// compute node priorities, gap_fit, the product X·β, a heap of the top Limit and the
// explanations of those. With 40,000 candidates or more, scoring and explanations
// run on up to four cores.
func Rank(p *Pool, req Request) (*Result, error) {
	if p == nil || !p.frozen || req.Talents != nil && !req.Talents.frozen {
		panic("match: Rank needs frozen pools")
	}
	fe := chainmatch.FieldErrors{}
	if req.County == nil {
		fe.Add("county", "required")
	}
	c := -1
	if req.Chain == nil {
		fe.Add("chain", "required")
	} else if k, ok := p.chainIdx[req.Chain.ID]; ok {
		c = k
	} else {
		return nil, fmt.Errorf("rank: chain %q: %w", req.Chain.ID, chainmatch.ErrNotFound)
	}
	if req.Now.IsZero() {
		fe.Add("now", "required")
	}
	if req.Limit < 0 {
		fe.Add("limit", "must not be negative")
	}
	w := DefaultWeights()
	if req.Weights != nil {
		w = *req.Weights
		if err := w.Validate(); err != nil {
			return nil, fmt.Errorf("rank: %w", err)
		}
	}
	nodeFilter := -1
	if req.Node != "" && c >= 0 {
		for k, n := range p.chains[c].Nodes {
			if n.ID == req.Node {
				nodeFilter = k
			}
		}
		if nodeFilter < 0 {
			fe.Add("node", fmt.Sprintf("%q is not a node of %s", req.Node, req.Chain.ID))
		}
	}
	if err := fe.Err(); err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	limit := req.Limit
	if limit == 0 {
		limit = 50
	}
	ch := &p.chains[c]
	now := req.Now.UTC()
	day := int32(now.Unix() / 86400)
	s := p.chainSet(c, day, now.Year())
	gaps := p.gaps(req.County, c, w.Gap)
	prio := make([]float64, len(gaps.Nodes))
	for k := range gaps.Nodes {
		prio[k] = gaps.Nodes[k].Priority
	}
	x := p.newRankCtx(s, req.County, ch, day)
	beta := make([]float64, nFeatures)
	for f := range beta {
		beta[f] = w.Beta[featureNames[f]]
	}
	if req.Talents != nil {
		return req.Talents.rank(x, req, w, gaps, prio, beta, nodeFilter, limit)
	}
	mean := s.mean
	cc := x.countyColumns()
	mean[fProximity], mean[fTies] = cc.meanProx, cc.meanTies

	res := &Result{County: req.County.Code, Chain: ch.ID, Weights: w, Gaps: gaps,
		Counts: Counts{Unknown: map[string]int{}}, Means: map[string]float64{}}
	for f := range featureNames {
		res.Means[featureNames[f]] = mean[f]
	}

	sc, _ := p.bufs.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer p.bufs.Put(sc)
	var js []int32 // explicit candidates as set positions, deduplicated
	n := len(s.c)
	if req.Candidates != nil {
		sc.seen = grow(sc.seen, (len(s.c)+63)/64)
		clear(sc.seen)
		sc.js = sc.js[:0]
		pos := s.positions(len(p.seq))
		for _, q := range req.Candidates {
			i := p.index(q)
			if t, ok := p.twins[i]; ok && i >= 0 && pos[i] < 0 {
				i = t // the set holds the firm as its registered record
			}
			if i < 0 || pos[i] < 0 {
				res.Counts.NotInChain++
				continue
			}
			j := pos[i]
			if sc.seen[j/64]&(1<<(j%64)) != 0 {
				continue
			}
			sc.seen[j/64] |= 1 << (j % 64)
			sc.js = append(sc.js, j)
		}
		js, n = sc.js, len(sc.js)
	}
	sc.x = grow(sc.x, n*nFeatures)
	sc.score = grow(sc.score, n)
	sc.pos = grow(sc.pos, n)
	sc.node = grow(sc.node, n)
	sc.unk = grow(sc.unk, n)

	sw := scorer{x: x, s: s, sc: sc, js: js, prio: prio, mean: &mean, node: nodeFilter,
		local: !req.IncludeLocal && x.home != 0, text: req.TextScores, prox: cc.prox, ties: cc.ties, bGap: beta[fGap], bText: beta[fText]}
	workers := 1
	if n >= p.parallelMin {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	parts := make([]scorePart, workers)
	if workers == 1 {
		parts[0] = sw.run(0, n)
	} else {
		var wg sync.WaitGroup
		for k := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				parts[k] = sw.run(k*n/workers, (k+1)*n/workers)
			}()
		}
		wg.Wait()
	}
	// Compact the parts' rows so that rows 0..m-1 are filled.
	m := 0
	var gapSum, textSum float64
	var unkCount [nFeatures]int
	var provCount [100]int
	for k, pt := range parts {
		lo := k * n / workers
		if lo != m {
			copy(sc.x[m*nFeatures:], sc.x[lo*nFeatures:(lo+pt.m)*nFeatures])
			copy(sc.pos[m:], sc.pos[lo:lo+pt.m])
			copy(sc.node[m:], sc.node[lo:lo+pt.m])
			copy(sc.unk[m:], sc.unk[lo:lo+pt.m])
		}
		m += pt.m
		gapSum += pt.gapSum
		textSum += pt.textSum
		res.Counts.Candidates += pt.candidates
		res.Counts.Local += pt.local
		res.Counts.OtherNode += pt.otherNode
		for k, v := range pt.prov {
			provCount[k] += v
		}
		for f := range unkCount {
			unkCount[f] += pt.unk[f]
		}
	}
	if m > 0 {
		// gap_fit and text are never unknown; their means over the scored
		// candidates are reported.
		mean[fGap], mean[fText] = gapSum/float64(m), textSum/float64(m)
		res.Means[chainmatch.FeatureGapFit], res.Means[chainmatch.FeatureText] = mean[fGap], mean[fText]
	}
	res.Counts.Scored = m
	for f, k := range unkCount {
		if k > 0 {
			res.Counts.Unknown[featureNames[f]] = k
		}
	}
	if m == 0 {
		res.Targets = []chainmatch.Target{}
		return res, nil
	}
	s0 := s
	top := rankRows(res, sc, m, beta, limit, func(a, b int) bool {
		ca, cb := &s0.c[sc.pos[a]], &s0.c[sc.pos[b]]
		if ca.key != cb.key {
			return ca.key < cb.key
		}
		return ca.seq < cb.seq
	}, func(rank, r int) (chainmatch.Target, uint32) {
		row := sc.x[r*nFeatures : (r+1)*nFeatures]
		i := s.rec[sc.pos[r]]
		return x.target(rank+1, i, sc.pos[r], row, beta, mean[:], sc.score[r],
			sc.unk[r], int(sc.node[r]), gaps, ch), p.seq[i]
	})
	var inTop [100]int
	for _, r := range top {
		inTop[s.c[sc.pos[r]].prov]++
	}
	for k := range provCount {
		if provCount[k] == 0 {
			continue
		}
		rc := RegionCount{Candidates: provCount[k], Targets: inTop[k]}
		if k > 0 {
			rc.Province, rc.Name = provCode(uint8(k)), p.provName[uint8(k)]
		}
		res.Where = append(res.Where, rc)
	}
	sort.SliceStable(res.Where, func(a, b int) bool {
		if res.Where[a].Targets != res.Where[b].Targets {
			return res.Where[a].Targets > res.Where[b].Targets
		}
		return res.Where[a].Candidates > res.Where[b].Candidates
	})
	return res, nil
}

// rankRows is the one scoring path of enterprises and talents: the first m rows of
// sc.x (nFeatures wide) are scored as one gonum mat.Dense times β into sc.score,
// the limit best kept (equal scores ordered by tie) and explained by explain,
// which returns the target of a row at a rank (0-based) and its seq. It fills
// res.Targets and res.Seqs and returns the rows kept, best first.
func rankRows(res *Result, sc *scratch, m int, beta []float64, limit int, tie func(a, b int) bool,
	explain func(rank, r int) (chainmatch.Target, uint32)) []int {
	X := mat.NewDense(m, nFeatures, sc.x[:m*nFeatures])
	scores := mat.NewVecDense(m, sc.score[:m])
	scores.MulVec(X, mat.NewVecDense(nFeatures, beta))

	top := topN(sc.score[:m], limit, tie)
	res.Targets = make([]chainmatch.Target, len(top))
	res.Seqs = make([]uint32, len(top))
	run := func(lo, hi int) {
		for rank := lo; rank < hi; rank++ {
			res.Targets[rank], res.Seqs[rank] = explain(rank, top[rank])
		}
	}
	if w := min(runtime.GOMAXPROCS(0), 4); len(top) >= 128 && w > 1 {
		var wg sync.WaitGroup
		for k := 0; k < w; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				run(k*len(top)/w, (k+1)*len(top)/w)
			}()
		}
		wg.Wait()
	} else {
		run(0, len(top))
	}
	markTies(res.Targets, top, sc.score[:m])
	res.Counts.Returned = len(top)
	return top
}

// markTies flags each target whose score other candidates share, in the list or
// below it (FlagTied): their order is the tie-break's (a hash of the name), not
// the evidence's. Only the last score of the list can be shared below it, so one
// pass over score counts that tie.
func markTies(ts []chainmatch.Target, top []int, score []float64) {
	n := len(top)
	if n == 0 {
		return
	}
	for lo := 0; lo < n; {
		s := score[top[lo]]
		hi := lo + 1
		for hi < n && score[top[hi]] == s {
			hi++
		}
		size := hi - lo
		if hi == n {
			size = 0
			for _, v := range score {
				if v == s {
					size++
				}
			}
		}
		if size > 1 {
			for i := lo; i < hi; i++ {
				ts[i].Flags = append(ts[i].Flags, chainmatch.Flag{Code: chainmatch.FlagTied,
					ZH: fmt.Sprintf("与另外 %d 个候选同分（依据相同），先后不分优劣", size-1),
					EN: fmt.Sprintf("the same score as %d other candidates (the same evidence): their order is no preference", size-1)})
			}
		}
		lo = hi
	}
}

// scorer fills feature rows for a range of candidates.
type scorer struct {
	x     *rankCtx
	s     *chainSet
	sc    *scratch
	js    []int32 // explicit set positions, or nil for the whole set
	prio  []float64
	mean  *[nFeatures]float64
	node  int  // node filter, -1 none
	local bool // exclude the county's own enterprises
	text  map[uint32]float64
	// bGap and bText are the weights of gap_fit and text, which choose the node.
	bGap, bText float64
	prox        []float32 // the county's proximity column over the set
	ties        []float32 // the county's ties column over the set
}

type scorePart struct {
	m, candidates, local, otherNode int
	gapSum, textSum                 float64
	prov                            [100]int // scored candidates by province code
	unk                             [nFeatures]int
}

// run scores candidates lo..hi-1 into rows lo.. of the scratch buffers.
func (w *scorer) run(lo, hi int) scorePart {
	var pt scorePart
	x, s, sc, mean, prio := w.x, w.s, w.sc, w.mean, w.prio
	m := lo
	for q := lo; q < hi; q++ {
		j := int32(q)
		if w.js != nil {
			j = w.js[q]
		}
		c := &s.c[j]
		pt.candidates++
		if w.local && (c.county == x.home || x.chn.named && x.p.localHome(s.rec[j]) == x.home) {
			pt.local++
			continue
		}
		textMul := 1.0
		if w.text != nil {
			t := math.Max(0, w.text[c.seq])
			textMul = .8 + .2*t/(1+t)
		}
		best, bn, text, conf := -1.0, -1, 0.0, 0.0
		for k := c.t0; k < c.t1; k++ {
			nd := int(s.tNode[k])
			if w.node >= 0 && nd != w.node {
				continue
			}
			// The node a candidate fills is the one that scores it best.
			g, t := float64(s.tConf[k])*textMul*prio[nd], float64(s.tText[k])
			if bn < 0 || w.bGap*g+w.bText*t > w.bGap*best+w.bText*text {
				best, bn, text, conf = g, nd, t, float64(s.tConf[k])
			}
		}
		if bn < 0 {
			pt.otherNode++
			continue
		}
		row := (*[nFeatures]float64)(sc.x[m*nFeatures : m*nFeatures+nFeatures])
		var unk uint8
		row[fGap] = best
		row[fText] = text
		pt.gapSum += best
		pt.textSum += text
		pt.prov[c.prov]++
		// What the candidate brings besides its fit counts in its placement share.
		sh := placementShare(conf)
		v := float64(c.quality)
		if v != v {
			v, unk = mean[fQuality], unk|1<<fQuality
		}
		row[fQuality] = v * sh
		v = float64(c.growth)
		if v != v {
			v, unk = mean[fGrowth], unk|1<<fGrowth
		}
		row[fGrowth] = v * sh
		v = float64(c.intent)
		if v != v {
			v, unk = mean[fIntent], unk|1<<fIntent
		}
		row[fIntent] = v * sh
		v = float64(w.prox[j])
		if v != v {
			v, unk = mean[fProximity], unk|1<<fProximity
		}
		row[fProximity] = v * sh
		v = float64(w.ties[j])
		if v != v {
			v, unk = mean[fTies], unk|1<<fTies
		}
		row[fTies] = v * sh
		row[fRisk] = float64(c.risk)
		if unk != 0 {
			for f := range pt.unk {
				pt.unk[f] += int(unk>>f) & 1
			}
		}
		sc.pos[m] = j
		sc.node[m] = uint16(bn)
		sc.unk[m] = unk
		m++
	}
	pt.m = m - lo
	return pt
}

func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n, n+n/4)
	}
	return b[:n]
}

// topN returns the rows of the limit highest scores, best first. Equal scores
// are ordered by tie (for enterprises a hash of the record's name, then the seq,
// so the order does not depend on the order records were imported in). It keeps
// a min-heap of size limit.
func topN(score []float64, limit int, tie func(a, b int) bool) []int {
	better := func(a, b int) bool {
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return tie(a, b)
	}
	h := make([]int, 0, min(limit, len(score)))
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			w := l
			if r := l + 1; r < len(h) && better(h[l], h[r]) {
				w = r
			}
			if !better(h[i], h[w]) {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for r := range score {
		if len(h) < limit {
			h = append(h, r)
			for i := len(h) - 1; i > 0; {
				up := (i - 1) / 2
				if !better(h[up], h[i]) {
					break
				}
				h[i], h[up] = h[up], h[i]
				i = up
			}
			continue
		}
		if better(r, h[0]) {
			h[0] = r
			down(0)
		}
	}
	sort.Slice(h, func(a, b int) bool { return better(h[a], h[b]) })
	return h
}

func provCode(n uint8) string { return string([]byte{'0' + n/10, '0' + n%10}) }

// bytes estimates a chain set's footprint with its county caches.
func (s *chainSet) bytes() int {
	n := cap(s.c)*int(unsafe.Sizeof(cand{})) + cap(s.rec)*4 + cap(s.pos)*4 + cap(s.tOff)*4 +
		cap(s.tNode)*2 + cap(s.tConf)*4 + cap(s.tText)*4 + cap(s.tPool)*4 + cap(s.leaders)*12
	s.mu.Lock()
	for _, cc := range s.county {
		n += cap(cc.prox)*4 + cap(cc.ties)*4
	}
	s.mu.Unlock()
	return n
}
