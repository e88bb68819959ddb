package match

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/mat"

	"github.com/chainmatch/chainmatch"
)

// Gaps says, for one county and chain, how much each node is missing and matters,
// and which evidence each figure rests on.
type Gaps struct {
	County string    `json:"county"`
	Chain  string    `json:"chain"`
	Nodes  []NodeGap `json:"nodes"`
	// LocalTotal is the number of pool enterprises of the county (its seat county
	// for a platform): located there, or named as local by its profile.
	LocalTotal int `json:"local_total"`
	// Located counts LocalTotal by how each record was placed: county_code (the
	// record's own county), address (a county name in its address), profile (a
	// profile names it as registered there), profile_named (a profile names it as
	// local, its record is located elsewhere, e.g. a group with a project here).
	Located map[string]int `json:"located"`
	// ChainWeight is the county's positioning weight for the chain (0 when the chain
	// is not in its positioning).
	ChainWeight float64 `json:"chain_weight"`
	// FeasibilityUsed says whether relatedness density enters the priorities; when
	// not, NotUsedWhy says why (zh, en).
	FeasibilityUsed bool               `json:"feasibility_used"`
	NotUsedWhy      *chainmatch.Reason `json:"feasibility_not_used,omitempty"`
}

// Node evidence codes (NodeGap.Evidence).
const (
	EvidenceRecords = "local_records" // the county's own records (shrunk towards its region)
	EvidenceProfile = "profile"       // the county profile declares the node present
	EvidenceNone    = "no_local_data" // nothing local: ranked by importance and emphasis
)

var evidenceLabel = map[string][2]string{
	EvidenceRecords: {"本地企业记录", "local records"},
	EvidenceProfile: {"县域档案声明", "declared by the county profile"},
	EvidenceNone:    {"无本地数据", "no local data"},
}

// NodeGap is one node's gap. Priority = Σ Parts (see Pool.Gaps for the formula).
type NodeGap struct {
	ID       string             `json:"id"`
	Name     string             `json:"name"`
	NameEN   string             `json:"name_en"`
	Stage    chainmatch.Stage   `json:"stage"`
	Priority float64            `json:"priority"`
	Parts    map[string]float64 `json:"parts"`
	// NotUsed lists the gap parts that do not enter this node's priority.
	NotUsed []string `json:"not_used,omitempty"`
	// Evidence is what the figures rest on: local_records, profile or no_local_data,
	// with its label in Chinese and English.
	Evidence   string `json:"evidence"`
	EvidenceZH string `json:"evidence_zh"`
	EvidenceEN string `json:"evidence_en"`
	// LocalCount is the county's records at the node (located or profile-named).
	LocalCount int `json:"local_count"`
	// LQ is the shrunk location quotient, Presence = min(1, LQ), Absence = 1 −
	// Presence; all three are null where no local data was observed.
	LQ       *float64 `json:"lq"`
	Presence *float64 `json:"presence"`
	Absence  *float64 `json:"absence"`
	// LocalWeight λ in [0, 1] is the share of LQ that rests on the county's own
	// records rather than on its region (1 for a node the profile declares).
	LocalWeight float64 `json:"local_weight"`
	// PriorLQ is the region's shrunk quotient the county's is shrunk towards, and
	// PriorFrom the region: city, province or nation.
	PriorLQ   float64 `json:"prior_lq"`
	PriorFrom string  `json:"prior_from"`
	// NationalShare is the node's share of the pool's records.
	NationalShare float64 `json:"national_share"`
	// Feasibility is the relatedness density, null when it is not used.
	Feasibility *float64 `json:"feasibility"`
	Importance  float64  `json:"importance"`
	// ImportanceSource is "chain" when the node sets Importance, else "pagerank".
	ImportanceSource string  `json:"importance_source"`
	Emphasis         float64 `json:"emphasis"`
	// Declared are the profile's statements about the node (strong node, local
	// leader or local firm), with their sources.
	Declared []Declared `json:"declared,omitempty"`
	// LocalBase are the county's own firms at the node (at most 20; LocalCount
	// counts them all), filled by Pool.Gaps.
	LocalBase []LocalFirm `json:"local_base,omitempty"`
}

// Declared is one profile statement behind a node's presence.
type Declared struct {
	Kind   string `json:"kind"` // strong_node, leader or local
	Name   string `json:"name,omitempty"`
	InPool bool   `json:"in_pool"`
	Source string `json:"source,omitempty"`
}

// LocalFirm is one firm of a county's local base.
type LocalFirm struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Located string `json:"located"` // county_code, address, profile or profile_named
}

// Shrinkage and evidence thresholds of Pool.Gaps.
const (
	// shrinkA is the prior strength a of the location-quotient shrinkage: the
	// region's quotient counts as a firms' worth of evidence.
	shrinkA = 4.0
	// densityMinRecords is the located records a county needs to take part in,
	// and be given, relatedness density; densityMinCounties is how many such
	// counties the pool needs for the proximities φ to mean anything.
	densityMinRecords  = 20
	densityMinCounties = 30
	localBaseShown     = 20
)

// Gaps computes the chain gaps of county with weights w (nil: DefaultWeights).
//
// Counts. For node n and county c (a platform's seat county): x_c = the county's
// records (located there by county code, an address or its profile's registered
// firms, plus records its profile names as local though located elsewhere, plus
// named local firms absent from the pool, one each at their declared nodes);
// x_cn = those at n; s_n = x_n / x the node's national share of the pool.
//
// Shrunk location quotient (Poisson–gamma empirical Bayes, Clayton & Kaldor 1987):
// with E = x · s_n the count a region would have at the national share,
//
//	ρ_p  = (x_pn + a) / (E_p + a)        province, shrunk towards 1
//	ρ_k  = (x_kn + a) / (E_k + a/ρ_p)    city, shrunk towards its province
//	LQ   = (x_cn + a) / (E_c + a/ρ_k)    county, shrunk towards its city
//	λ    = E_c / (E_c + a/ρ_k)           the weight of the county's own records
//
// a = 4 (shrinkA): LQ = λ · x_cn/E_c + (1 − λ) · ρ_k, so a county with few records
// reads as its region, and one added firm at n moves LQ by at most
// 1/(E_c + a/ρ_k) ≤ ρ_k/a and λ by at most s_n ρ_k/a. presence = min(1, LQ);
// absence = 1 − presence.
//
// Evidence. A node the profile declares (a strong node, or a local leader's node)
// has presence 1, λ = 1 and evidence "profile". A node with local records
// (x_cn > 0), or where the county's own records carry more than half the estimate
// (λ > 1/2), has evidence "local_records". Any other node has no local data
// ("无本地数据"): its LQ, presence and absence are null, never claimed.
//
// Feasibility ω_cn is the relatedness density (Hidalgo et al. 2007; see
// relatednessDensity) over counties with at least 20 located records; it is used
// only when the county is one of them and the pool has at least 30.
//
// Importance is Node.Importance when set (the embedded chains set none), else the
// node's PageRank in the chain's supply graph taken as undirected (damping 0.85),
// divided by the chain's largest; emphasis is the county's positioning emphasis.
//
// Priority: with weights w_k = Weights.Gap and multipliers m_gap = m_absence =
// m = max(0, 2λ − 1) (0 without local data), m_feasibility = 1 when used else 0,
// m_importance = m_emphasis = 1,
//
//	priority = Σ_k w_k m_k v_k / Σ_k w_k m_k,  Parts[k] = w_k m_k v_k / Σ_k w_k m_k
//
// with v_gap = importance × absence. So a node without local data is ranked by
// importance and emphasis alone, and the absence parts enter, continuously, only
// once the county's own records carry more than half of its estimate. Bound: one
// firm added at n in a county, with feasibility not used, B = w_gap + w_absence and
// D = w_importance + w_emphasis, moves n's priority by at most
// (B/(B+D) + 2B·s_n/D) · min(1, ρ_k/a), to first order in the firm's shift of the
// city and national counts (0.16 + 0.42 s_n at the defaults and ρ_k ≤ 1); with
// feasibility used add w_feasibility/(B+D+w_feasibility) · |Δω|.
func (p *Pool) Gaps(county *chainmatch.County, chain string, w *chainmatch.Weights) (*Gaps, error) {
	if !p.frozen {
		panic("match: Gaps before Freeze")
	}
	if county == nil {
		return nil, fmt.Errorf("gaps: county: %w", chainmatch.ErrInvalid)
	}
	c, ok := p.chainIdx[chain]
	if !ok {
		return nil, fmt.Errorf("gaps %s: chain %q: %w", county.Code, chain, chainmatch.ErrNotFound)
	}
	if w == nil {
		d := DefaultWeights()
		w = &d
	} else if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("gaps %s: %w", county.Code, err)
	}
	g := p.gaps(county, c, w.Gap)
	p.fillLocalBase(g, county, c)
	return g, nil
}

// regionCounts tallies located records by city and province for the shrinkage.
type regionCounts struct {
	cityRow   map[int32]int // city code → row
	cityTotal []int32
	cityNode  []int32 // rows × nodes
	provTotal [100]int32
	provNode  []int32 // 100 × nodes
	// reliable is the number of counties with at least densityMinRecords records.
	reliable int
	// byCounty[k] are the records located in county k (index into counties).
	byCounty map[int32][]int32
	// named[home] are records a profile names as local to the home county but
	// located elsewhere; inPool marks the profile entries some record matched.
	named  map[int32][]int32
	inPool map[namedRef]bool
}

// freezeGaps builds the regional tallies and the relatedness density (Freeze).
func (p *Pool) freezeGaps() {
	N := p.nodes
	r := regionCounts{cityRow: map[int32]int{}, provNode: make([]int32, 100*N),
		byCounty: map[int32][]int32{}, named: map[int32][]int32{}, inPool: map[namedRef]bool{}}
	for i := range p.seq {
		if len(p.loc.named) > 0 && p.hasRef[i] {
			for _, ref := range p.loc.refs(&chainmatch.Enterprise{Name: p.str(i, strName), NameEN: p.str(i, strNameEN)}) {
				r.inPool[ref] = true
			}
		}
		if p.listedTwin(i) {
			continue // the firm is counted and listed once, as its registered record
		}
		if c := p.cidx[i]; c >= 0 {
			r.byCounty[c] = append(r.byCounty[c], int32(i))
		}
		if h := p.localHome(int32(i)); h != 0 && h != p.county[i] {
			r.named[h] = append(r.named[h], int32(i))
		}
		city, prov := p.city[i], p.prov[i]
		row := -1
		if city != 0 {
			k, ok := r.cityRow[city]
			if !ok {
				k = len(r.cityTotal)
				r.cityRow[city] = k
				r.cityTotal = append(r.cityTotal, 0)
				r.cityNode = append(r.cityNode, make([]int32, N)...)
			}
			row = k
			r.cityTotal[k]++
		}
		if prov != 0 && prov < 100 {
			r.provTotal[prov]++
		}
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			g := int(p.tagNode[k])
			if row >= 0 {
				r.cityNode[row*N+g]++
			}
			if prov != 0 && prov < 100 {
				r.provNode[int(prov)*N+g]++
			}
		}
	}
	masked := make([]int32, len(p.countyTotal))
	for c, v := range p.countyTotal {
		if v >= densityMinRecords {
			masked[c] = v
			r.reliable++
		}
	}
	p.region = r
	p.density = relatednessDensity(p.cnCount, masked, p.nodeTotal, p.total, len(p.counties), p.nodes)
}

// localCounts returns the county's record total and per-node counts over the
// chain's nodes, with the profile's named local firms (countCounty docs).
func (p *Pool) localCounts(county *chainmatch.County, c int) (total int, per []int) {
	lo, hi := p.chainNodes(c)
	per = make([]int, hi-lo)
	h, ok := p.countyIdx[county.HomeCounty()]
	if ok {
		total = int(p.countyTotal[h])
		for k := lo; k < hi; k++ {
			per[k-lo] = int(p.cnCount[h*p.nodes+k])
		}
	}
	home := codeNum(county.HomeCounty())
	for _, i := range p.region.named[home] {
		total++
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			if g := int(p.tagNode[k]); g >= lo && g < hi {
				per[g-lo]++
			}
		}
	}
	ch := &p.chains[c]
	if k, ok := p.countyIdx[county.Code]; ok {
		for e := range county.Enterprises {
			pe := &county.Enterprises[e]
			if !pe.Local() || p.region.inPool[namedRef{k, e}] {
				continue
			}
			total++
			if pe.Chain != ch.ID {
				continue
			}
			for _, id := range pe.Nodes {
				if k := nodeIndex(ch, id); k >= 0 {
					per[k]++
				}
			}
		}
	}
	return total, per
}

func (p *Pool) gaps(county *chainmatch.County, c int, gw map[string]float64) *Gaps {
	ch := &p.chains[c]
	g := &Gaps{County: county.Code, Chain: ch.ID, Nodes: make([]NodeGap, len(ch.Nodes)), Located: map[string]int{}}
	var emph map[string]float64
	strong := map[string]string{}
	for _, pos := range county.Positioning {
		if pos.Chain == ch.ID {
			emph = pos.Emphasis
			g.ChainWeight = pos.Weight
			for _, n := range pos.StrongNodes {
				strong[n] = sourceName(pos.Source)
			}
		}
	}
	declared := make([][]Declared, len(ch.Nodes))
	for id, src := range strong {
		if k := nodeIndex(ch, id); k >= 0 {
			declared[k] = append(declared[k], Declared{Kind: "strong_node", Source: src})
		}
	}
	ck, hasProfile := p.countyIdx[county.Code]
	for e := range county.Enterprises {
		pe := &county.Enterprises[e]
		if !pe.Local() || pe.Chain != ch.ID {
			continue
		}
		kind := "local"
		if pe.Role == chainmatch.RoleLeader {
			kind = "leader"
		}
		for _, id := range pe.Nodes {
			if k := nodeIndex(ch, id); k >= 0 {
				declared[k] = append(declared[k], Declared{Kind: kind, Name: orName(pe.Name, pe.NameEN),
					InPool: hasProfile && p.region.inPool[namedRef{ck, e}], Source: sourceName(pe.Source)})
			}
		}
	}
	xc, xcn := p.localCounts(county, c)
	g.LocalTotal = xc
	home := codeNum(county.HomeCounty())
	if h, ok := p.countyIdx[county.HomeCounty()]; ok {
		for _, i := range p.region.byCounty[int32(h)] {
			g.Located[locName(p.locFrom[i])]++
		}
	}
	if n := len(p.region.named[home]); n > 0 {
		g.Located["profile_named"] += n
	}
	if n := xc - sumMap(g.Located); n > 0 {
		g.Located["profile_not_in_pool"] = n
	}
	g.FeasibilityUsed = xc >= densityMinRecords && p.region.reliable >= densityMinCounties
	if !g.FeasibilityUsed {
		g.NotUsedWhy = &chainmatch.Reason{Feature: chainmatch.GapPartFeasibility,
			ZH: fmt.Sprintf("未使用关联密度：需本县≥%d条且≥%d个县各≥%d条定位到县的记录（本县%d条，达标县%d个）",
				densityMinRecords, densityMinCounties, densityMinRecords, xc, p.region.reliable),
			EN: fmt.Sprintf("relatedness density not used: it needs ≥ %d located records in the county and ≥ %d counties with ≥ %d (county %d, counties %d)",
				densityMinRecords, densityMinCounties, densityMinRecords, xc, p.region.reliable)}
	}
	// Regional rows for the prior.
	var cityCode int32
	var prov uint8
	if h, ok := p.countyIdx[county.HomeCounty()]; ok {
		cityCode, prov = codeNum(p.counties[h].City), provNum(p.counties[h].Province)
	} else {
		cityCode, prov = codeNum(county.City), provNum(county.Province)
	}
	cityRow, hasCity := p.region.cityRow[cityCode]
	imp := p.imp[c]
	for k := range ch.Nodes {
		n := &ch.Nodes[k]
		gi := p.nodeBase[c] + k
		ng := NodeGap{ID: n.ID, Name: n.Name, NameEN: n.NameEN, Stage: n.Stage,
			Importance: imp[k], ImportanceSource: "pagerank", Emphasis: emph[n.ID],
			LocalCount: xcn[k], Declared: declared[k]}
		if n.Importance > 0 {
			ng.ImportanceSource = "chain"
		}
		sn := 0.0
		if p.total > 0 {
			sn = float64(p.nodeTotal[gi]) / float64(p.total)
		}
		ng.NationalShare = sn
		rho, from := 1.0, "nation"
		if prov != 0 && p.region.provTotal[prov] > 0 {
			rho = (float64(p.region.provNode[int(prov)*p.nodes+gi]) + shrinkA) /
				(float64(p.region.provTotal[prov])*sn + shrinkA)
			from = "province"
		}
		if hasCity {
			rho = (float64(p.region.cityNode[cityRow*p.nodes+gi]) + shrinkA) /
				(float64(p.region.cityTotal[cityRow])*sn + shrinkA/rho)
			from = "city"
		}
		ng.PriorLQ, ng.PriorFrom = rho, from
		ec := float64(xc) * sn
		strongHere := false
		for _, d := range declared[k] {
			strongHere = strongHere || d.Kind == "strong_node" || d.Kind == "leader"
		}
		switch {
		case strongHere:
			ng.Evidence = EvidenceProfile
			one := 1.0
			lq := math.Max(1, (float64(xcn[k])+shrinkA)/(ec+shrinkA/rho))
			ng.LQ, ng.Presence, ng.Absence, ng.LocalWeight = &lq, &one, new(float64), 1
		default:
			lambda := ec / (ec + shrinkA/rho)
			ng.LocalWeight = lambda
			if xcn[k] == 0 && lambda <= .5 {
				ng.Evidence = EvidenceNone
				break
			}
			ng.Evidence = EvidenceRecords
			lq := (float64(xcn[k]) + shrinkA) / (ec + shrinkA/rho)
			pr := math.Min(1, lq)
			ab := 1 - pr
			ng.LQ, ng.Presence, ng.Absence = &lq, &pr, &ab
		}
		l := evidenceLabel[ng.Evidence]
		ng.EvidenceZH, ng.EvidenceEN = l[0], l[1]
		var absence float64
		if ng.Absence != nil {
			absence = *ng.Absence
		}
		feas := 0.0
		if g.FeasibilityUsed {
			if h, ok := p.countyIdx[county.HomeCounty()]; ok {
				feas = float64(p.density[h*p.nodes+gi])
			}
			ng.Feasibility = &feas
		}
		vals := map[string]float64{chainmatch.GapPartGap: ng.Importance * absence, chainmatch.GapPartAbsence: absence,
			chainmatch.GapPartImportance: ng.Importance, chainmatch.GapPartFeasibility: feas, chainmatch.GapPartEmphasis: ng.Emphasis}
		m := math.Max(0, 2*ng.LocalWeight-1)
		if ng.Evidence == EvidenceNone {
			m = 0
		}
		mult := map[string]float64{chainmatch.GapPartGap: m, chainmatch.GapPartAbsence: m, chainmatch.GapPartImportance: 1, chainmatch.GapPartEmphasis: 1}
		if g.FeasibilityUsed {
			mult[chainmatch.GapPartFeasibility] = 1
		}
		var wsum float64
		for _, part := range chainmatch.GapParts {
			wsum += gw[part] * mult[part]
			if mult[part] == 0 {
				ng.NotUsed = append(ng.NotUsed, part)
			}
		}
		ng.Parts = make(map[string]float64, len(chainmatch.GapParts))
		for _, part := range chainmatch.GapParts {
			v := 0.0
			if wsum > 0 {
				v = gw[part] * mult[part] * vals[part] / wsum
			}
			ng.Parts[part] = v + 0 // + 0 turns −0 into 0
			ng.Priority += v
		}
		g.Nodes[k] = ng
	}
	return g
}

// nodeIndex is the index of node id in ch, −1 when absent.
func nodeIndex(ch *chainmatch.Chain, id string) int {
	for k := range ch.Nodes {
		if ch.Nodes[k].ID == id {
			return k
		}
	}
	return -1
}

func sumMap(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func locName(f uint8) string {
	switch f {
	case locCounty:
		return "county_code"
	case locAddress:
		return "address"
	case locProfile:
		return "profile"
	}
	return "other"
}

func sourceName(s *chainmatch.Source) string {
	if s == nil {
		return ""
	}
	return s.Name
}

// fillLocalBase lists, per node, the county's own firms tagged there: located in
// its home county, or named as local by its profile (at most localBaseShown each).
func (p *Pool) fillLocalBase(g *Gaps, county *chainmatch.County, c int) {
	lo, hi := p.chainNodes(c)
	add := func(i int32, located string) {
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			if gi := int(p.tagNode[k]); gi >= lo && gi < hi && len(g.Nodes[gi-lo].LocalBase) < localBaseShown {
				g.Nodes[gi-lo].LocalBase = append(g.Nodes[gi-lo].LocalBase,
					LocalFirm{ID: p.str(int(i), strID), Name: p.str(int(i), strName), Located: located})
			}
		}
	}
	if h, ok := p.countyIdx[county.HomeCounty()]; ok {
		for _, i := range p.region.byCounty[int32(h)] {
			add(i, locName(p.locFrom[i]))
		}
	}
	for _, i := range p.region.named[codeNum(county.HomeCounty())] {
		add(i, "profile_named")
	}
}

// ChainImportance returns each node's importance: Node.Importance when set, else
// undirected PageRank (damping 0.85, tolerance 1e-10) over the supply edges scaled
// so that the chain's most central node has 1, rounded to six decimals. A chain
// without edges gives every node 1.
func ChainImportance(ch *chainmatch.Chain) []float64 {
	out := make([]float64, len(ch.Nodes))
	idx := map[string]int64{}
	g := simple.NewDirectedGraph()
	for k, n := range ch.Nodes {
		idx[n.ID] = int64(k)
		g.AddNode(simple.Node(k))
	}
	for _, e := range ch.Edges {
		a, okA := idx[e.From]
		b, okB := idx[e.To]
		if !okA || !okB || a == b {
			continue
		}
		g.SetEdge(simple.Edge{F: simple.Node(a), T: simple.Node(b)})
		g.SetEdge(simple.Edge{F: simple.Node(b), T: simple.Node(a)})
	}
	pr := map[int64]float64{}
	if len(ch.Edges) > 0 {
		pr = network.PageRank(g, 0.85, 1e-10)
	}
	var top float64
	for _, v := range pr {
		top = math.Max(top, v)
	}
	for k, n := range ch.Nodes {
		switch {
		case n.Importance > 0:
			out[k] = n.Importance
		case top > 0:
			// Rounded: gonum's PageRank iterates over maps and stops at a tolerance
			// of 1e-10, so its last digits vary from run to run; six decimals keep
			// rankings (and their ties) reproducible.
			out[k] = math.Round(pr[int64(k)]/top*1e6) / 1e6
		default:
			out[k] = 1
		}
	}
	return out
}

// relatednessDensity computes, for every county c and node j, the relatedness
// density (Hidalgo, Klinger, Barabási & Hausmann 2007, "The product space conditions
// the development of nations", Science 317; Balland et al. 2019):
//
//	M_cj   = 1 when LQ_cj ≥ 1 (revealed comparative advantage), else 0
//	φ_ij   = Σ_c M_ci M_cj / max(Σ_c M_ci, Σ_c M_cj)   (proximity of nodes i, j)
//	ω_cj   = Σ_{i≠j} M_ci φ_ij / Σ_{i≠j} φ_ij          (0 when the denominator is 0)
//
// over every node of every chain, so a county strong in related nodes of other chains
// is also feasible. Products use gonum mat.
func relatednessDensity(cn, countyTotal, nodeTotal []int32, total int32, C, N int) []float32 {
	out := make([]float32, C*N)
	if C == 0 || N == 0 || total == 0 {
		return out
	}
	M := mat.NewDense(C, N, nil)
	for c := 0; c < C; c++ {
		if countyTotal[c] == 0 {
			continue
		}
		for j := 0; j < N; j++ {
			x := cn[c*N+j]
			if x == 0 || nodeTotal[j] == 0 {
				continue
			}
			lq := (float64(x) / float64(countyTotal[c])) / (float64(nodeTotal[j]) / float64(total))
			if lq >= 1 {
				M.Set(c, j, 1)
			}
		}
	}
	var co mat.Dense
	co.Mul(M.T(), M) // co_ij = Σ_c M_ci M_cj; co_ii = ubiquity
	phi := mat.NewDense(N, N, nil)
	colSum := make([]float64, N)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			if i == j {
				continue
			}
			d := math.Max(co.At(i, i), co.At(j, j))
			if d > 0 {
				v := co.At(i, j) / d
				phi.Set(i, j, v)
				colSum[j] += v
			}
		}
	}
	var num mat.Dense
	num.Mul(M, phi) // num_cj = Σ_i M_ci φ_ij
	for c := 0; c < C; c++ {
		for j := 0; j < N; j++ {
			if colSum[j] > 0 {
				out[c*N+j] = float32(num.At(c, j) / colSum[j])
			}
		}
	}
	return out
}
