package match

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chainmatch/chainmatch"
)

// Pool is the columnar, in-memory copy of every enterprise of one data generation,
// keyed by the store's dense Seq. Build it with NewPool, Add and Freeze; after Freeze
// it is read-only and safe for concurrent Rank calls.
//
// It keeps, per record, what scoring needs in flat columns (float32 where precision
// does not matter): location codes and a unit vector on the sphere, the tag bits,
// the county-independent quality and risk values, the inputs of growth and intent
// (both depend on the request's Now), node tags (chain, node, confidence, first
// evidence), branches, and the few strings a target shows (in one byte arena).
type Pool struct {
	chains   []chainmatch.Chain
	chainIdx map[string]int
	// nodeBase[c] is the global index of chain c's first node; node ids are global
	// across chains so the county × node matrix covers every chain.
	nodeBase []int
	nodes    int
	imp      [][]float64 // per chain, per node: importance (ChainImportance)

	counties  []chainmatch.County
	countyIdx map[string]int // code → index into counties
	cityName  map[int32]string
	provName  map[uint8]string
	cityPoint map[int32]vec3
	provPoint map[uint8]vec3

	frozen bool

	// per record
	seq      []uint32
	county   []int32 // six-digit code as a number, 0 unknown
	cidx     []int32 // index into counties, -1 unknown
	city     []int32 // six-digit code, 0 unknown
	prov     []uint8 // two-digit code, 0 unknown
	pt       []vec3  // unit vector; X is NaN when unknown
	ptExact  []bool  // from the record's own lat/lon
	flags    []uint16
	quality  []float32 // NaN unknown
	risk     []float32
	riskBits []uint8
	capital  []float32 // NaN unknown
	employ   []float32 // NaN unknown
	founded  []int32   // yyyymmdd, 0 unknown
	growthS  []float32 // county- and time-independent part of growth, NaN unknown
	growthW  []float32 // weight of the known static growth parts
	// node tags: tagOff[i]..tagOff[i+1]
	tagOff  []uint32
	tagNode []uint16 // global node index
	tagConf []float32
	tagEv   []uint32 // arena string: first evidence "field:match"
	// tagText is the node text score of each tag (SetNodeText), 0 without one.
	tagText []float32
	// textMedian is, per global node, the median raw node text score that
	// normalised tagText (SetNodeText), 0 before one.
	textMedian []float64
	// signals
	sigOff  []uint32
	sigType []uint8
	sigDay  []int32 // days since 1970-01-01
	sigText []uint32
	// branches (county codes)
	brOff []uint32
	br    []int32
	// strings
	arena []byte
	strs  []uint32 // per record: strsPer strings (id, uscc, name, name_en, founded, twin key) and their end

	bySeq    []int32
	bySeqMap map[uint32]int32

	// county × global node counts for the location quotient (Freeze)
	countyTotal []int32
	nodeTotal   []int32
	cnCount     []int32 // len(counties) * nodes
	total       int32
	// relatedness density per county × node (Freeze)
	density []float32
	// located records by city and province × global node, for the shrinkage
	// prior of the location quotient (gaps.go, Freeze)
	region regionCounts

	// where locations come from, profile-named local firms, countries (locate.go)
	loc     *locator
	locFrom []uint8
	localOf []int32 // home county code of a profile naming the record as local, 0 none
	// hasRef marks the records whose name or English name a county profile
	// names (locator.refs), so Freeze looks up only those.
	hasRef  []bool
	country [][2]byte

	// twins pairs the two records of a firm imported as a listed short name and
	// as its registered name (twins.go, Freeze).
	twins map[int32]int32
	// twinHome maps a record whose twin a county profile names as local to that
	// county (localHome), nil if none.
	twinHome map[int32]int32

	mu    sync.Mutex
	sets  map[setKey]*chainSet
	order []setKey
	bufs  sync.Pool
	tbl   *proxTable
	// parallelMin is the candidate count from which scoring runs on several cores.
	parallelMin int
}

type vec3 struct{ X, Y, Z float32 }

const (
	strID = iota
	strUSCC
	strName
	strNameEN
	strFounded
	strTwin // twinKey (twins.go)
	strsPer
)

// Tag bits follow chainmatch.Tags.
func tagBit(t chainmatch.Tag) uint16 {
	for i, k := range chainmatch.Tags {
		if k == t {
			return 1 << i
		}
	}
	return 0
}

var (
	bitListed      = tagBit(chainmatch.TagListed)
	bitHighTech    = tagBit(chainmatch.TagHighTech)
	bitSpecialized = tagBit(chainmatch.TagSpecialized)
	bitLittleGiant = tagBit(chainmatch.TagLittleGiant)
	bitForeign     = tagBit(chainmatch.TagForeignFunded)
	bitLeader      = tagBit(chainmatch.TagLeader)
	bitHighGrowth  = tagBit(chainmatch.TagHighGrowth)
	bitSOE         = tagBit(chainmatch.TagSOE)
	bitTop500      = tagBit(chainmatch.TagTop500)
)

const (
	riskBitDishonest = 1 << iota
	riskBitAbnormal
	riskBitLitigation
	riskBitST   // ST or *ST in a listed name
	riskBitGone // delisted (退 in a listed name, or a delisted risk), revoked or deregistered
)

// Signal type codes.
const (
	sigOther uint8 = iota
	sigFinancing
	sigBranch
	sigExpansion
	sigHiring
)

// NewPool returns an empty pool for the given chains and counties (every county
// and platform the engine knows; their centroids place records without lat/lon).
func NewPool(chains []chainmatch.Chain, counties []chainmatch.County) *Pool {
	p := &Pool{
		chains:    chains,
		chainIdx:  make(map[string]int, len(chains)),
		counties:  counties,
		countyIdx: make(map[string]int, len(counties)),
		cityName:  map[int32]string{},
		provName:  map[uint8]string{},
		cityPoint: map[int32]vec3{},
		provPoint: map[uint8]vec3{},
		sets:      map[setKey]*chainSet{},
		tagOff:    []uint32{0},
		sigOff:    []uint32{0},
		brOff:     []uint32{0},

		parallelMin: 40_000,
	}
	p.loc = newLocator(counties)
	for i := range chains {
		p.chainIdx[chains[i].ID] = i
		p.nodeBase = append(p.nodeBase, p.nodes)
		p.nodes += len(chains[i].Nodes)
		p.imp = append(p.imp, ChainImportance(&chains[i]))
	}
	p.textMedian = make([]float64, p.nodes)
	type acc struct {
		x, y, z float64
		n       int
	}
	cityAcc, provAcc := map[int32]*acc{}, map[uint8]*acc{}
	add := func(m *acc, v vec3) {
		m.x += float64(v.X)
		m.y += float64(v.Y)
		m.z += float64(v.Z)
		m.n++
	}
	for i := range counties {
		c := &counties[i]
		p.countyIdx[c.Code] = i
		city, prov := codeNum(c.City), provNum(c.Province)
		if city != 0 && c.CityName != "" {
			p.cityName[city] = c.CityName
		}
		if prov != 0 && c.ProvinceName != "" {
			p.provName[prov] = c.ProvinceName
		}
		if c.Platform || (c.Lat == 0 && c.Lon == 0) {
			continue
		}
		v := unitVec(c.Lat, c.Lon)
		if city != 0 && !c.CentroidApprox {
			if cityAcc[city] == nil {
				cityAcc[city] = &acc{}
			}
			add(cityAcc[city], v)
		}
		if prov != 0 {
			if provAcc[prov] == nil {
				provAcc[prov] = &acc{}
			}
			add(provAcc[prov], v)
		}
	}
	norm := func(a *acc) vec3 {
		r := math.Sqrt(a.x*a.x + a.y*a.y + a.z*a.z)
		return vec3{float32(a.x / r), float32(a.y / r), float32(a.z / r)}
	}
	for k, a := range cityAcc {
		p.cityPoint[k] = norm(a)
	}
	for k, a := range provAcc {
		p.provPoint[k] = norm(a)
	}
	for k, ll := range sarCentre {
		if _, ok := p.provPoint[k]; !ok {
			p.provPoint[k] = unitVec(ll[0], ll[1])
		}
	}
	return p
}

// sarCentre gives 台湾 71, 香港 81 and 澳门 82 a point, as a province centroid
// does for the others: GB/T 2260 lists them with no counties, so the county table
// has none to average. Written by us: each one's geographic centre, in degrees
// (Taiwan's at 埔里, 23.97° N 120.98° E).
var sarCentre = map[uint8][2]float64{71: {23.97, 120.98}, 81: {22.35, 114.14}, 82: {22.16, 113.56}}

func unitVec(lat, lon float64) vec3 {
	φ, λ := lat*math.Pi/180, lon*math.Pi/180
	return vec3{float32(math.Cos(φ) * math.Cos(λ)), float32(math.Cos(φ) * math.Sin(λ)), float32(math.Sin(φ))}
}

// codeNum reads a six-digit code, 0 when s is not six ASCII digits.
func codeNum(s string) int32 {
	if len(s) != 6 {
		return 0
	}
	var n int32
	for i := 0; i < 6; i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0
		}
		n = n*10 + int32(d)
	}
	return n
}

// provNum reads the province of a two-digit or six-digit code, 0 when invalid.
func provNum(s string) uint8 {
	if len(s) != 2 && len(s) != 6 {
		return 0
	}
	if len(s) == 6 && codeNum(s) == 0 {
		return 0
	}
	a, b := s[0]-'0', s[1]-'0'
	if a > 9 || b > 9 || a*10+b == 0 {
		return 0
	}
	return a*10 + b
}

func (p *Pool) str(i int, k int) string {
	a, b := p.strs[i*(strsPer+1)+k], p.strs[i*(strsPer+1)+k+1]
	return string(p.arena[a:b])
}

func (p *Pool) addStr(s string) uint32 {
	p.arena = append(p.arena, s...)
	return uint32(len(p.arena))
}

// Len is the number of records.
func (p *Pool) Len() int { return len(p.seq) }

// Add appends the enterprise stored under seq. It panics after Freeze (a programmer
// error) and returns an error for a repeated seq.
func (p *Pool) Add(seq uint32, e *chainmatch.Enterprise) error {
	if p.frozen {
		panic("match: Add after Freeze")
	}
	i := len(p.seq)
	if p.bySeqMap == nil {
		p.bySeqMap = map[uint32]int32{}
	}
	if _, dup := p.bySeqMap[seq]; dup {
		return fmt.Errorf("pool add %d: %w: repeated seq", seq, chainmatch.ErrConflict)
	}
	p.bySeqMap[seq] = int32(i)
	p.seq = append(p.seq, seq)

	// location
	county := codeNum(e.County)
	city := codeNum(e.City)
	prov := provNum(e.Province)
	if city == 0 && county != 0 {
		city = county / 100 * 100
	}
	if prov == 0 && city != 0 {
		prov = uint8(city / 10000)
	}
	ci := int32(-1)
	if k, ok := p.countyIdx[e.County]; ok {
		ci = int32(k)
	}
	foreignNamed := foreignName(e)
	if foreignNamed && county == 0 && e.Lat == nil && prov != 71 && prov != 81 && prov != 82 && !namesCity(e.Name, city) {
		city, prov = 0, 0 // a list's mainland city is not this firm's registration (locate.go)
	}
	county, city, prov, ci, from := p.locate(e, county, city, prov, ci)
	pt, exact := vec3{X: float32(math.NaN())}, false
	switch {
	case e.Lat != nil && e.Lon != nil:
		pt, exact = unitVec(*e.Lat, *e.Lon), true
	case ci >= 0 && (p.counties[ci].Lat != 0 || p.counties[ci].Lon != 0):
		pt = unitVec(p.counties[ci].Lat, p.counties[ci].Lon)
	default:
		if v, ok := p.cityPoint[city]; ok && city != 0 {
			pt = v
		} else if v, ok := p.provPoint[prov]; ok && prov != 0 {
			pt = v
		}
	}
	p.county = append(p.county, county)
	p.cidx = append(p.cidx, ci)
	p.city = append(p.city, city)
	p.prov = append(p.prov, prov)
	p.pt = append(p.pt, pt)
	p.ptExact = append(p.ptExact, exact)
	p.addLocal(e, from)

	// tags and static features
	var fl uint16
	for _, t := range e.Tags {
		fl |= tagBit(t)
	}
	q := qualityOf(e, fl)
	pf := fl
	if e.Ticker != "" {
		pf |= flagTicker
	}
	if foreignNamed {
		pf |= flagForeignName
	}
	p.flags = append(p.flags, pf)
	p.quality = append(p.quality, float32(q))
	r, rb := riskOf(e)
	p.risk = append(p.risk, float32(r))
	p.riskBits = append(p.riskBits, rb)
	p.capital = append(p.capital, f32ptr(e.RegisteredCapitalWan))
	emp := float32(math.NaN())
	if e.Employees != nil {
		emp = float32(*e.Employees)
	}
	p.employ = append(p.employ, emp)
	fd := int32(0)
	if t, err := time.Parse("2006-01-02", e.Founded); err == nil {
		fd = int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
	} else if y := e.FoundedYear(); y > 0 {
		fd = int32(y*10000 + 701)
	}
	p.founded = append(p.founded, fd)
	gs, gw := growthStatic(e, fl)
	p.growthS = append(p.growthS, float32(gs))
	p.growthW = append(p.growthW, float32(gw))

	// node tags: keep the best confidence per node
	start := len(p.tagNode)
	for _, nt := range e.NodeTags {
		c, ok := p.chainIdx[nt.Chain]
		if !ok || nt.Confidence <= 0 {
			continue
		}
		li := -1
		for k := range p.chains[c].Nodes {
			if p.chains[c].Nodes[k].ID == nt.Node {
				li = k
				break
			}
		}
		if li < 0 {
			continue
		}
		g := uint16(p.nodeBase[c] + li)
		conf := float32(math.Min(1, nt.Confidence))
		ev := evidenceText(nt.Evidence)
		dup := false
		for k := start; k < len(p.tagNode); k++ {
			if p.tagNode[k] == g {
				dup = true
				if conf > p.tagConf[k] {
					p.tagConf[k] = conf
					p.tagEv[k] = p.addStrPair(ev)
				}
			}
		}
		if !dup {
			p.tagNode = append(p.tagNode, g)
			p.tagConf = append(p.tagConf, conf)
			p.tagEv = append(p.tagEv, p.addStrPair(ev))
			p.tagText = append(p.tagText, 0)
		}
	}
	p.tagOff = append(p.tagOff, uint32(len(p.tagNode)))

	for _, s := range e.Signals {
		t, err := time.Parse("2006-01-02", s.Date)
		if err != nil {
			continue // an undated signal cannot be decayed; it is shown by the store, not scored
		}
		p.sigType = append(p.sigType, signalCode(s.Type))
		p.sigDay = append(p.sigDay, int32(t.Unix()/86400))
		d := s.Detail
		if len(d) > 120 {
			d = truncUTF8(d, 120)
		}
		p.sigText = append(p.sigText, p.addStrPair(d))
	}
	p.sigOff = append(p.sigOff, uint32(len(p.sigType)))
	for _, b := range e.Branches {
		if n := codeNum(b); n != 0 {
			p.br = append(p.br, n)
		}
	}
	p.brOff = append(p.brOff, uint32(len(p.br)))

	p.strs = append(p.strs, uint32(len(p.arena)))
	p.addStr(e.ID)
	p.strs = append(p.strs, uint32(len(p.arena)))
	p.addStr(e.USCC)
	p.strs = append(p.strs, uint32(len(p.arena)))
	p.addStr(e.Name)
	p.strs = append(p.strs, uint32(len(p.arena)))
	p.addStr(e.NameEN)
	p.strs = append(p.strs, uint32(len(p.arena)))
	p.addStr(e.Founded)
	p.strs = append(p.strs, uint32(len(p.arena)))
	p.addStr(twinKey(e))
	p.strs = append(p.strs, uint32(len(p.arena)))
	// strs has strsPer+1 entries per record: the last is the end of the record's strings,
	// kept so that str(i, k) can read strs[k+1]; subsequent records start anew.
	return nil
}

// idKey is the FNV-1a hash of record i's normalised name (its seq when it has
// none): a tie-break that does not depend on the order of import, nor on which
// source's id a record merged from several sources kept.
func (p *Pool) idKey(i int) uint32 { return nameKey(p.str(i, strName), p.seq[i]) }

// nameKey is the FNV-1a hash of a normalised name, or seq for a name that
// normalises to nothing: a tie-break that does not depend on import order.
func nameKey(name string, seq uint32) uint32 {
	id := chainmatch.NormalizeName(name)
	if id == "" {
		return seq
	}
	h := uint32(2166136261)
	for k := 0; k < len(id); k++ {
		h = (h ^ uint32(id[k])) * 16777619
	}
	return h
}

// evidenceText is how a tag's evidence is kept for reasons: "field:word" of the
// strongest kind present (a keyword the record's own words name — name, scope,
// products — else a keyword of its industry column, else a GB/T code, else a
// broad label, marked "~"), with up to two more words of that kind found in the
// same field joined by "、". Own words come first because the text feature scores
// them alone (index.NodeText leaves the industry column out): a reason that
// quotes what the text score matched must quote them.
func evidenceText(ev []chainmatch.Evidence) string {
	own := func(f string) bool { return f != FieldIndustry && f != FieldIndustryCode }
	for _, pass := range []struct {
		kind string
		own  bool
	}{{KindKeyword, true}, {KindKeyword, false}, {KindIndustryCode, false}, {KindLabel, false}} {
		var field string
		var words []string
		for _, e := range ev {
			if e.Kind != pass.kind || pass.own && !own(e.Field) || field != "" && e.Field != field || len(words) == 3 {
				continue
			}
			field = e.Field
			words = append(words, e.Match)
		}
		if len(words) == 0 {
			continue
		}
		mark := ""
		if pass.kind == KindLabel {
			mark = "~" // a broad label spread over nodes: inferred, not named
		}
		return mark + field + ":" + strings.Join(words, "、")
	}
	return ""
}

// addStrPair stores s in the arena as a length-prefixed string and returns its offset.
func (p *Pool) addStrPair(s string) uint32 {
	off := uint32(len(p.arena))
	p.arena = append(p.arena, byte(len(s)))
	p.arena = append(p.arena, s[:min(len(s), 255)]...)
	return off
}

func (p *Pool) strAt(off uint32) string {
	n := uint32(p.arena[off])
	return string(p.arena[off+1 : off+1+n])
}

func truncUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func f32ptr(v *float64) float32 {
	if v == nil {
		return float32(math.NaN())
	}
	return float32(*v)
}

func signalCode(t string) uint8 {
	switch t {
	case chainmatch.SignalFinancing:
		return sigFinancing
	case chainmatch.SignalBranch:
		return sigBranch
	case chainmatch.SignalExpansion:
		return sigExpansion
	case chainmatch.SignalHiring:
		return sigHiring
	}
	return sigOther
}

// Freeze ends the build: it indexes seqs, counts enterprises per county and node for
// the location quotient and computes the relatedness density (gaps.go). A frozen pool
// is read-only.
func (p *Pool) Freeze() {
	if p.frozen {
		return
	}
	p.frozen = true
	n := len(p.seq)
	var maxSeq uint32
	for _, s := range p.seq {
		maxSeq = max(maxSeq, s)
	}
	if int(maxSeq) < 4*n+1024 {
		p.bySeq = make([]int32, int(maxSeq)+1)
		for i := range p.bySeq {
			p.bySeq[i] = -1
		}
		for i, s := range p.seq {
			p.bySeq[s] = int32(i)
		}
		p.bySeqMap = nil
	}
	p.twins = p.findTwins()
	p.twinHome = p.findTwinHomes()
	C := len(p.counties)
	p.countyTotal = make([]int32, C)
	p.nodeTotal = make([]int32, p.nodes)
	p.cnCount = make([]int32, C*p.nodes)
	for i := 0; i < n; i++ {
		if p.listedTwin(i) {
			continue
		}
		p.total++
		c := p.cidx[i]
		if c >= 0 {
			p.countyTotal[c]++
		}
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			g := int(p.tagNode[k])
			p.nodeTotal[g]++
			if c >= 0 {
				p.cnCount[int(c)*p.nodes+g]++
			}
		}
	}
	p.freezeGaps()
}

// denseSeqs reports whether Freeze indexes seqs with a slice (bySeq) rather
// than bySeqMap.
func (p *Pool) denseSeqs() bool {
	var maxSeq uint32
	for _, s := range p.seq {
		maxSeq = max(maxSeq, s)
	}
	return int(maxSeq) < 4*len(p.seq)+1024
}

// fillSeqMap makes bySeqMap whole before Freeze when Freeze keeps it (seqs
// too sparse for bySeq).
func (p *Pool) fillSeqMap() {
	if p.denseSeqs() {
		return
	}
	p.bySeqMap = make(map[uint32]int32, len(p.seq))
	for i, s := range p.seq {
		p.bySeqMap[s] = int32(i)
	}
}

// index returns the record index of seq, or -1.
func (p *Pool) index(seq uint32) int32 {
	if p.bySeq != nil {
		if int(seq) < len(p.bySeq) {
			return p.bySeq[seq]
		}
		return -1
	}
	if i, ok := p.bySeqMap[seq]; ok {
		return i
	}
	return -1
}

// Bytes estimates the pool's heap footprint (columns and arena, not maps of chains
// and counties).
func (p *Pool) Bytes() int {
	n := cap(p.seq)*4 + cap(p.county)*4 + cap(p.cidx)*4 + cap(p.city)*4 + cap(p.prov) +
		cap(p.pt)*12 + cap(p.ptExact) + cap(p.flags)*2 + cap(p.quality)*4 + cap(p.risk)*4 +
		cap(p.riskBits) + cap(p.capital)*4 + cap(p.employ)*4 + cap(p.founded)*4 +
		cap(p.growthS)*4 + cap(p.growthW)*4 + cap(p.tagOff)*4 + cap(p.tagNode)*2 +
		cap(p.tagConf)*4 + cap(p.tagEv)*4 + cap(p.tagText)*4 + cap(p.sigOff)*4 + cap(p.sigType) + cap(p.sigDay)*4 +
		cap(p.sigText)*4 + cap(p.brOff)*4 + cap(p.br)*4 + cap(p.arena) + cap(p.strs)*4 +
		cap(p.bySeq)*4 + len(p.bySeqMap)*16 + cap(p.cnCount)*4 + cap(p.density)*4
	return n
}

// Seqs returns the seqs of the records tagged to chain, ascending by record order.
func (p *Pool) Seqs(chain string) []uint32 {
	c, ok := p.chainIdx[chain]
	if !ok {
		return nil
	}
	var out []uint32
	p.eachInChain(c, func(i int) { out = append(out, p.seq[i]) })
	return out
}

// eachInChain calls fn with every record tagged to chain c, in pool order: the
// one walk over "the records of a chain" (Seqs, CandidateSeqs, ChainText).
func (p *Pool) eachInChain(c int, fn func(i int)) {
	lo, hi := p.chainNodes(c)
	for i := range p.seq {
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			if g := int(p.tagNode[k]); g >= lo && g < hi {
				fn(i)
				break
			}
		}
	}
}

// SetNodeText sets the node text scores of chain/node: raw[k] is the retrieval
// score (e.g. BM25 from the index) of the record seqs[k] against the node's
// vocabulary. Scores are
// normalised per node as s/(s + m), m the median positive raw score at the node,
// so the typical mention scores 0.5, a stronger one more, and the order of raw
// scores is kept; the result is rounded to 0.01, since BM25's corpus statistics
// move in the third decimal when other records change (or arrive in another
// order), which must not reorder a list. Records not tagged at the node are skipped. Call it after Freeze
// and before the first Rank (it panics afterwards: a programmer error).
func (p *Pool) SetNodeText(chain, node string, seqs []uint32, raw []float64) error {
	return p.setNodeText(chain, node, seqs, raw, false)
}

// setNodeText is SetNodeText; with keep, the node's median from an earlier call
// normalises raw (UpdateNodeText).
func (p *Pool) setNodeText(chain, node string, seqs []uint32, raw []float64, keep bool) error {
	if !p.frozen {
		panic("match: SetNodeText before Freeze")
	}
	p.mu.Lock()
	ranked := len(p.sets) > 0
	p.mu.Unlock()
	if ranked {
		panic("match: SetNodeText after Rank")
	}
	if len(seqs) != len(raw) {
		return fmt.Errorf("set node text %s/%s: %d seqs, %d scores: %w", chain, node, len(seqs), len(raw), chainmatch.ErrInvalid)
	}
	c, ok := p.chainIdx[chain]
	if !ok {
		return fmt.Errorf("set node text: chain %q: %w", chain, chainmatch.ErrNotFound)
	}
	li := -1
	for k := range p.chains[c].Nodes {
		if p.chains[c].Nodes[k].ID == node {
			li = k
		}
	}
	if li < 0 {
		return fmt.Errorf("set node text: node %s/%s: %w", chain, node, chainmatch.ErrNotFound)
	}
	g := uint16(p.nodeBase[c] + li)
	pos := make([]float64, 0, len(raw))
	for _, v := range raw {
		if v > 0 {
			pos = append(pos, v)
		}
	}
	m := p.textMedian[g]
	if !keep || m <= 0 {
		if len(pos) == 0 {
			return nil
		}
		sort.Float64s(pos)
		m = pos[len(pos)/2]
		p.textMedian[g] = m
	}
	for k, seq := range seqs {
		i := p.index(seq)
		if i < 0 || raw[k] <= 0 {
			continue
		}
		for t := p.tagOff[i]; t < p.tagOff[i+1]; t++ {
			if p.tagNode[t] == g {
				p.tagText[t] = float32(math.Round(100*raw[k]/(raw[k]+m)) / 100)
			}
		}
	}
	return nil
}

// ChainText returns, for every record tagged to chain, its largest node text
// score over the chain's nodes (SetNodeText): the "text relevance only" view.
func (p *Pool) ChainText(chain string) map[uint32]float64 {
	c, ok := p.chainIdx[chain]
	if !ok {
		return nil
	}
	lo, hi := p.chainNodes(c)
	out := map[uint32]float64{}
	p.eachInChain(c, func(i int) {
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			if g := int(p.tagNode[k]); g >= lo && g < hi {
				out[p.seq[i]] = max(out[p.seq[i]], float64(p.tagText[k]))
			}
		}
	})
	return out
}

// Names calls fn with the seq, name and English name of every record, in pool order.
func (p *Pool) Names(fn func(seq uint32, name, nameEN string)) {
	for i, s := range p.seq {
		fn(s, p.str(i, strName), p.str(i, strNameEN))
	}
}

// Summary returns the enterprise summary of seq as a target shows it, or false.
func (p *Pool) Summary(seq uint32) (*chainmatch.EnterpriseSummary, bool) {
	i := p.index(seq)
	if i < 0 {
		return nil, false
	}
	return p.summary(int(i)), true
}

// tagsOf lists the tags whose bits fl holds, in chainmatch.Tags order.
func tagsOf(fl uint16) []chainmatch.Tag {
	var out []chainmatch.Tag
	for k, t := range chainmatch.Tags {
		if fl&(1<<k) != 0 {
			out = append(out, t)
		}
	}
	return out
}

func (p *Pool) summary(i int) *chainmatch.EnterpriseSummary {
	s := &chainmatch.EnterpriseSummary{
		ID: p.str(i, strID), USCC: p.str(i, strUSCC), Name: p.str(i, strName),
		NameEN: p.str(i, strNameEN), Founded: p.str(i, strFounded),
	}
	if v := p.prov[i]; v != 0 {
		s.Province = string([]byte{'0' + v/10, '0' + v%10})
	}
	if p.city[i] != 0 {
		s.City = strconv.Itoa(int(p.city[i]))
	}
	if p.county[i] != 0 {
		s.County = strconv.Itoa(int(p.county[i]))
	}
	s.Tags = tagsOf(p.flags[i])
	if c := p.capital[i]; c == c {
		v := float64(c)
		s.Capital = &v
	}
	return s
}

func (p *Pool) chainNodes(c int) (lo, hi int) {
	return p.nodeBase[c], p.nodeBase[c] + len(p.chains[c].Nodes)
}
