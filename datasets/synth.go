package datasets

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// SyntheticSource is the source of every generated record.
const SyntheticSource = "synthetic"

// DefaultAsOf is the reference date of the synthetic pool: signal and risk dates,
// founding dates and ages are counted back from it, never from the clock.
const DefaultAsOf = "2026-11-01"

// GenConfig says how large a synthetic pool to generate and from which seed.
type GenConfig struct {
	Enterprises int
	Talents     int
	Seed        uint64
	// AsOf is the reference date (YYYY-MM-DD); empty means DefaultAsOf.
	AsOf string
	// Progress, when set, is called every ProgressEvery records and once at the end
	// with the numbers written so far.
	Progress func(enterprises, talents int)
}

// ProgressEvery is how many records pass between calls of GenConfig.Progress.
const ProgressEvery = 10000

// Generate writes a synthetic national pool to w in the JSONL import format
// (design.md §5): cfg.Enterprises enterprise lines, then cfg.Talents talent lines
// ("kind": "talent"). Every record says "source": "synthetic".
//
// The output depends only on cfg (without Progress), chains and counties: record i
// draws from its own PCG stream seeded by (Seed, i), so the same seed gives the
// same bytes. Memory is constant in the number of records: only small tables built
// from chains and counties are kept.
//
// Enterprises cluster where their chain really does (chainClusters, plus a few in
// the counties positioned on the chain) with a tail weighted by economic size;
// about a quarter belong to no chain (trade, catering, property, ...), 6% are
// sparse rows (name, province, a one-word industry) and 7% of chain firms have a
// vague scope that names no node. Among chain firms the tags come at the rates of
// a real target list (Jinyun's 450: about 10% foreign-funded, 12% leaders, 40%
// high-tech, 6% listed, 17% high-growth), drawn from one latent size so that
// leaders, listed firms, SOEs and top-500 members are the big ones. Counties with
// a six-digit code are places; platforms are skipped.
func Generate(w io.Writer, cfg GenConfig, chains []chainmatch.Chain, counties []chainmatch.County) error {
	g, err := newGenerator(cfg, chains, counties)
	if err != nil {
		return err
	}
	if cfg.Enterprises < 0 || cfg.Talents < 0 {
		return fmt.Errorf("generate: negative count: %w", chainmatch.ErrInvalid)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	for i := 0; i < cfg.Enterprises; i++ {
		src.Seed(streamSeed(cfg.Seed, uint64(i), 0))
		e, _ := g.enterprise(r, i)
		if err := enc.Encode(&e); err != nil {
			return fmt.Errorf("generate: enterprise %d: %w", i, err)
		}
		if cfg.Progress != nil && (i+1)%ProgressEvery == 0 {
			cfg.Progress(i+1, 0)
		}
	}
	for i := 0; i < cfg.Talents; i++ {
		src.Seed(streamSeed(cfg.Seed, uint64(i), 1))
		t := g.talent(r, i)
		if err := enc.Encode(&t); err != nil {
			return fmt.Errorf("generate: talent %d: %w", i, err)
		}
		if cfg.Progress != nil && (i+1)%ProgressEvery == 0 {
			cfg.Progress(cfg.Enterprises, i+1)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if cfg.Progress != nil {
		cfg.Progress(cfg.Enterprises, cfg.Talents)
	}
	return nil
}

// streamSeed derives the two PCG seed words of one record with splitmix64, so
// neighbouring records get unrelated streams.
func streamSeed(seed, i, kind uint64) (uint64, uint64) {
	a := splitmix(seed ^ splitmix(i<<1|kind))
	return a, splitmix(a ^ 0x9e3779b97f4a7c15)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// cum is a cumulative weight table: pick returns index i with probability w_i / Σw.
type cum []float64

func newCum(ws []float64) cum {
	c := make(cum, len(ws))
	s := 0.0
	for i, w := range ws {
		if w > 0 {
			s += w
		}
		c[i] = s
	}
	return c
}

func (c cum) ok() bool { return len(c) > 0 && c[len(c)-1] > 0 }

func (c cum) pick(r *rand.Rand) int {
	x := r.Float64() * c[len(c)-1]
	i := sort.Search(len(c), func(i int) bool { return c[i] > x })
	if i == len(c) {
		i = len(c) - 1
	}
	return i
}

// place is a county the generator can put a record in.
type place struct {
	code, city, province string
	name, cityName       string
	provinceName         string
	lat, lon             float64
	hasLL                bool
	jitter               float64 // degrees: wider when the centroid is the city's
}

type genNode struct {
	node      *chainmatch.Node
	short     []string // Chinese keywords of 2–4 runes, for names
	neighbour []int    // nodes joined by an edge
}

type genChain struct {
	chain      *chainmatch.Chain
	nodes      []genNode
	nodePick   cum
	locs       cum
	words      []string
	htThresh   float64 // high_tech when 0.5z + 0.866ε exceeds it
	institutes []int   // indices into institutions
}

type generator struct {
	seed       uint64
	asOf       time.Time
	asOfText   string
	places     []place
	byCode     map[string]int
	tail       cum
	chains     []genChain
	chainPick  cum
	sectorPick cum
	surnames   cum
	honours    cum
	abroad     cum   // over abroadInstitutions
	profiled   []int // places of the profiled counties present
	// positioned adds, per chain, the counties whose positioning names it: a
	// county that wants a chain usually has a few firms of it already.
	positioned map[string][]area
}

func newGenerator(cfg GenConfig, chains []chainmatch.Chain, counties []chainmatch.County) (*generator, error) {
	asOfText := cfg.AsOf
	if asOfText == "" {
		asOfText = DefaultAsOf
	}
	asOf, err := time.Parse("2006-01-02", asOfText)
	if err != nil {
		return nil, fmt.Errorf("generate: as-of date %q: %w", asOfText, chainmatch.ErrInvalid)
	}
	g := &generator{seed: cfg.Seed, asOf: asOf, asOfText: asOfText, byCode: map[string]int{},
		positioned: map[string][]area{}}
	for _, c := range counties {
		if c.Platform || !chainmatch.IsDivisionCode(c.Code) || len(c.Province) != 2 {
			continue
		}
		if _, dup := g.byCode[c.Code]; dup {
			continue
		}
		jitter := 0.08
		if c.CentroidApprox {
			jitter = 0.4
		}
		city := c.City
		if !chainmatch.IsDivisionCode(city) {
			city = c.Code[:4] + "00"
		}
		g.byCode[c.Code] = len(g.places)
		g.places = append(g.places, place{
			code: c.Code, city: city, province: c.Province,
			name: c.Name, cityName: c.CityName, provinceName: c.ProvinceName,
			lat: c.Lat, lon: c.Lon, hasLL: c.Lat != 0 || c.Lon != 0, jitter: jitter,
		})
	}
	if len(g.places) == 0 {
		return nil, fmt.Errorf("generate: no county with a six-digit code: %w", chainmatch.ErrInvalid)
	}
	g.tail = newCum(g.tailWeights())
	if !g.tail.ok() {
		g.tail = newCum(ones(len(g.places)))
	}
	seen := map[int]bool{}
	for _, code := range profiledCounties {
		if i, ok := g.byCode[code]; ok && !seen[i] {
			seen[i] = true
			g.profiled = append(g.profiled, i)
		}
	}
	for _, c := range counties {
		home, ok := g.byCode[c.HomeCounty()]
		if !ok || !c.Profiled() {
			continue
		}
		if !seen[home] {
			seen[home] = true
			g.profiled = append(g.profiled, home)
		}
		for _, p := range c.Positioning {
			g.positioned[p.Chain] = append(g.positioned[p.Chain], area{c.HomeCounty(), positionedWeight * p.Weight})
		}
	}
	mix := make([]float64, 0, len(chains))
	for ci := range chains {
		c := &chains[ci]
		if len(c.Nodes) == 0 {
			continue
		}
		gc := genChain{chain: c, words: chainWords[c.ID]}
		if len(gc.words) == 0 {
			gc.words = []string{"科技", "实业"}
		}
		imp := make([]float64, len(c.Nodes))
		index := map[string]int{}
		for ni := range c.Nodes {
			n := &c.Nodes[ni]
			index[n.ID] = ni
			imp[ni] = n.Importance
			if imp[ni] <= 0 {
				imp[ni] = 0.5
			}
			gn := genNode{node: n}
			for _, k := range n.Keywords {
				if l := utf8.RuneCountInString(k); l >= 2 && l <= 4 && !hasASCII(k) {
					gn.short = append(gn.short, k)
				}
			}
			gc.nodes = append(gc.nodes, gn)
		}
		for _, e := range c.Edges {
			f, okf := index[e.From]
			t, okt := index[e.To]
			if okf && okt {
				gc.nodes[f].neighbour = append(gc.nodes[f].neighbour, t)
				gc.nodes[t].neighbour = append(gc.nodes[t].neighbour, f)
			}
		}
		gc.nodePick = newCum(imp)
		gc.locs = newCum(g.chainWeights(c.ID))
		rate, ok := highTechRate[c.ID]
		if !ok {
			rate = 0.4
		}
		gc.htThresh = normalQuantile(1 - rate)
		for ii, inst := range institutions {
			if inst.chains == nil || contains(inst.chains, c.ID) {
				gc.institutes = append(gc.institutes, ii)
			}
		}
		w, ok := chainMix[c.ID]
		if !ok {
			w = 5
		}
		mix = append(mix, w)
		g.chains = append(g.chains, gc)
	}
	g.chainPick = newCum(mix)
	g.sectorPick = newCum(sectorMix)
	sw := make([]float64, len(surnames))
	for i := range sw {
		sw[i] = surnameWeight(i)
	}
	g.surnames = newCum(sw)
	hw := make([]float64, len(honoursCN))
	for i := range hw {
		hw[i] = honourWeight(i)
	}
	g.honours = newCum(hw)
	aw := make([]float64, len(abroadInstitutions))
	for i, a := range abroadInstitutions {
		aw[i] = countryWeight[a.country]
		if aw[i] == 0 {
			aw[i] = 0.3
		}
	}
	g.abroad = newCum(aw)
	return g, nil
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// kindWeight favours urban districts (codes xxxx01–xxxx19) over county-level
// cities (81–99) over counties: where firms register.
func kindWeight(code string) float64 {
	switch n, _ := strconv.Atoi(code[4:]); {
	case n < 20:
		return 3
	case n >= 81:
		return 2
	default:
		return 1
	}
}

// tailWeights spreads each province's economic weight over its counties.
func (g *generator) tailWeights() []float64 {
	sum := map[string]float64{}
	for _, p := range g.places {
		sum[p.province] += kindWeight(p.code)
	}
	ws := make([]float64, len(g.places))
	for i, p := range g.places {
		w := provinceWeight[p.province] * kindWeight(p.code) / sum[p.province]
		if b, ok := cityBoost[p.code[:4]]; ok {
			w *= b
		}
		ws[i] = w
	}
	return ws
}

// chainWeights mixes the chain's clusters (clusterShare) with the tail.
func (g *generator) chainWeights(chain string) []float64 {
	tail := g.tailWeights()
	clusters := chainClusters[chain]
	if len(clusters) > 0 {
		clusters = append(append([]area{}, clusters...), g.positioned[chain]...)
	}
	total := 0.0
	for _, a := range clusters {
		total += a.weight
	}
	cl := make([]float64, len(g.places))
	placed := 0.0
	for _, a := range clusters {
		var kw float64
		for _, p := range g.places {
			if strings.HasPrefix(p.code, a.prefix) {
				kw += kindWeight(p.code)
			}
		}
		if kw == 0 {
			continue // the area is not among the counties given
		}
		placed += a.weight
		for i, p := range g.places {
			if strings.HasPrefix(p.code, a.prefix) {
				cl[i] += a.weight / total * kindWeight(p.code) / kw
			}
		}
	}
	tailSum := 0.0
	for _, w := range tail {
		tailSum += w
	}
	share := clusterShare
	if placed == 0 {
		share = 0
	}
	clSum := placed / total
	if total == 0 {
		clSum = 1
	}
	ws := make([]float64, len(g.places))
	for i := range ws {
		if clSum > 0 && share > 0 {
			ws[i] = share * cl[i] / clSum
		}
		if tailSum > 0 {
			ws[i] += (1 - share) * tail[i] / tailSum
		}
	}
	return ws
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func hasASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			return true
		}
	}
	return false
}

// normalQuantile is Φ⁻¹(p) = √2 · erfinv(2p − 1).
func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// meta is what a test needs to know about a generated enterprise beyond its record.
type meta struct {
	chain  string // "" for a firm of no chain
	node   string
	sparse bool
}

func pickS(r *rand.Rand, ss []string) string { return ss[r.IntN(len(ss))] }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// nice rounds registered capital the way founders choose it: mostly one or two
// significant figures.
func nice(r *rand.Rand, x float64) float64 {
	if x < 1 {
		x = 1
	}
	u := r.Float64()
	if u < 0.1 {
		return round(x, 2)
	}
	sig := 1
	if u < 0.4 {
		sig = 2
	}
	mag := math.Pow(10, math.Floor(math.Log10(x))-float64(sig-1))
	return math.Max(1, math.Round(x/mag)*mag)
}

func (g *generator) date(daysBack int) string {
	return g.asOf.AddDate(0, 0, -daysBack).Format("2006-01-02")
}

// recentDays draws a day count in [0, span) that favours recent dates.
func recentDays(r *rand.Rand, span int) int {
	u := r.Float64()
	return int(float64(span) * u * u)
}

// enterprise builds the i-th enterprise from r.
func (g *generator) enterprise(r *rand.Rand, i int) (chainmatch.Enterprise, meta) {
	e := chainmatch.Enterprise{Source: SyntheticSource, AsOf: g.asOfText}
	var m meta
	var gc *genChain
	var gn *genNode
	var sec *sector
	var pl *place
	if len(g.chains) > 0 && r.Float64() < 0.75 {
		gc = &g.chains[g.chainPick.pick(r)]
		gn = &gc.nodes[gc.nodePick.pick(r)]
		m.chain, m.node = gc.chain.ID, gn.node.ID
		pl = &g.places[gc.locs.pick(r)]
	} else {
		sec = &sectors[g.sectorPick.pick(r)]
		pl = &g.places[g.tail.pick(r)]
	}

	if r.Float64() < 0.06 {
		m.sparse = true
		e.ID = fmt.Sprintf("syn-%d-e%d", g.seed, i)
		e.Province = pl.province
		if r.IntN(2) == 0 {
			e.City = pl.city
		}
		word := ""
		if gc != nil {
			word = pickS(r, gc.words)
			if r.IntN(2) == 0 {
				e.Industry = gc.chain.Name
			} else {
				e.Industry = pickS(r, sparseLabels)
			}
		} else {
			word = pickS(r, sec.words)
			e.Industry = sec.label
		}
		e.Name = g.cnName(r, pl, word, "有限公司", r.IntN(4), 1) // no USCC: a distinctive name
		return e, m
	}

	// Size, age and tags: one latent size z drives capital, staff, revenue and the
	// tags that go with size (leader, listed, soe, top500).
	z := r.NormFloat64()
	age := r.ExpFloat64()*9 + math.Max(0, 4*z)
	if age > 45 {
		age = 45
	}
	tags := map[chainmatch.Tag]bool{}
	if gc != nil {
		tags[chainmatch.TagLeader] = 0.8*z+0.6*r.NormFloat64() > 1.175
		tags[chainmatch.TagListed] = 0.85*z+0.527*r.NormFloat64() > 1.555
		tags[chainmatch.TagSOE] = 0.5*z+0.866*r.NormFloat64() > 1.645
		tags[chainmatch.TagTop500] = 0.9*z+0.436*r.NormFloat64() > 1.96
		tags[chainmatch.TagHighTech] = 0.5*z+0.866*r.NormFloat64() > gc.htThresh
		spec := 0.6*z+0.8*r.NormFloat64() > 1.22 && !tags[chainmatch.TagListed]
		tags[chainmatch.TagSpecialized] = spec
		tags[chainmatch.TagLittleGiant] = spec && r.Float64() < 0.2
		tags[chainmatch.TagForeignFunded] = !tags[chainmatch.TagSOE] && r.Float64() < 0.105
		hg := 0.05
		switch {
		case age <= 5:
			hg = 0.27
		case age <= 10:
			hg = 0.18
		}
		tags[chainmatch.TagHighGrowth] = r.Float64() < hg
	} else {
		tags[chainmatch.TagListed] = 0.85*z+0.527*r.NormFloat64() > 2.75
		tags[chainmatch.TagSOE] = r.Float64() < 0.03
		tags[chainmatch.TagForeignFunded] = r.Float64() < 0.04
		tags[chainmatch.TagHighGrowth] = age <= 5 && r.Float64() < 0.1
	}
	for _, t := range chainmatch.Tags {
		if tags[t] {
			e.Tags = append(e.Tags, t)
		}
	}
	foreign := tags[chainmatch.TagForeignFunded]
	listed := tags[chainmatch.TagListed]

	// Name.
	suffix := "有限公司"
	switch {
	case listed:
		suffix = "股份有限公司"
	case tags[chainmatch.TagLeader] && r.Float64() < 0.3:
		suffix = pickS(r, []string{"集团有限公司", "股份有限公司"})
	case r.Float64() < 0.03:
		suffix = "有限责任公司"
	}
	// A vague firm's text names no node: only its industry class and name words
	// say where it belongs, as with many real registrations.
	vague := gc != nil && r.Float64() < 0.07
	word := ""
	switch {
	case vague:
		word = pickS(r, gc.words)
	case gc != nil:
		word = g.nodeWord(r, gc, gn)
	default:
		word = pickS(r, sec.words)
	}
	if foreign && !listed && r.Float64() < 0.5 {
		e.Name, e.NameEN = g.foreignName(r, pl, gc, sec, word)
	} else {
		pattern := r.IntN(10)
		if (listed || tags[chainmatch.TagLeader]) && r.Float64() < 0.4 {
			pattern = 10 // a national name without a place
		}
		e.Name = g.cnName(r, pl, word, suffix, pattern, 0.3)
	}

	// Registration.
	founded := g.asOf.AddDate(0, 0, -int(age*365.25)-1-r.IntN(30))
	if r.Float64() < 0.97 {
		e.Founded = founded.Format("2006-01-02")
	}
	if r.Float64() < 0.96 {
		e.USCC = uscc(r, pl.code, founded.Year())
	}
	e.ID = e.USCC
	if e.ID == "" {
		e.ID = fmt.Sprintf("syn-%d-e%d", g.seed, i)
	}
	e.Province, e.City, e.County = pl.province, pl.city, pl.code
	if r.Float64() < 0.8 {
		e.Address = g.address(r, pl)
	}
	if pl.hasLL && r.Float64() < 0.8 {
		lat := round(pl.lat+(r.Float64()-0.5)*pl.jitter, 5)
		lon := round(pl.lon+(r.Float64()-0.5)*pl.jitter, 5)
		e.Lat, e.Lon = &lat, &lon
	}

	// Size.
	capMu, empMu, empSigma := math.Log(500), math.Log(25), 1.6
	if gc == nil {
		capMu, empMu, empSigma = math.Log(100), math.Log(8), 1.0
	}
	if r.Float64() < 0.95 {
		c := nice(r, math.Exp(capMu+1.5*z+0.6*r.NormFloat64()))
		e.RegisteredCapitalWan = &c
	}
	emp := int(math.Max(1, math.Round(math.Exp(empMu+empSigma*z+0.5*r.NormFloat64()))))
	if r.Float64() < 0.75 {
		e.Employees = &emp
	}
	if r.Float64() < 0.4 || listed {
		rev := round(float64(emp)*math.Exp(math.Log(55)+0.5*r.NormFloat64()), 1)
		e.RevenueWan = &rev
	}

	// Industry, scope, products.
	if gc != nil {
		if len(gn.node.Industries) > 0 && r.Float64() < 0.85 {
			e.IndustryCode = pickS(r, gn.node.Industries)
		}
	} else if r.Float64() < 0.85 {
		e.IndustryCode = pickS(r, sec.codes)
	}
	if e.IndustryCode != "" && r.Float64() < 0.8 {
		e.Industry = divisionNames[e.IndustryCode[:2]]
	} else if r.Float64() < 0.5 {
		if gc != nil {
			e.Industry = gc.chain.Name
		} else {
			e.Industry = sec.label
		}
	}
	if r.Float64() < 0.92 {
		e.Scope = g.scope(r, gc, gn, sec, founded.Year(), e.IndustryCode, vague)
	}
	if !vague && r.Float64() < 0.7 {
		e.Products = g.products(r, gc, gn, sec, foreign)
	}

	// Listing, patents.
	if listed {
		e.Exchange, e.Ticker = listing(r, m.chain)
	}
	if r.Float64() < 0.85 {
		var p int
		switch {
		case tags[chainmatch.TagHighTech]:
			p = int(math.Exp(math.Log(12) + 0.8*z + 0.7*r.NormFloat64()))
		case gc != nil && r.Float64() < 0.5:
			p = int(math.Exp(math.Log(2) + 0.8*z + 0.8*r.NormFloat64()))
		}
		e.Patents = &p
	}

	// Branches, signals, risks.
	if emp > 200 || tags[chainmatch.TagLeader] {
		n := 1 + int(r.ExpFloat64()*1.5)
		if n > 6 {
			n = 6
		}
		locs := g.tail
		if gc != nil {
			locs = gc.locs
		}
		for k := 0; k < n; k++ {
			b := g.places[locs.pick(r)].code
			if b != pl.code && !contains(e.Branches, b) {
				e.Branches = append(e.Branches, b)
			}
		}
	}
	g.signals(r, &e, gc, gn, z, tags)
	g.risks(r, &e, z)
	return e, m
}

// nodeWord is the 行业词 of a chain firm's name: the chain's words or a short node keyword.
func (g *generator) nodeWord(r *rand.Rand, gc *genChain, gn *genNode) string {
	if len(gn.short) == 0 || r.Float64() < 0.45 {
		return pickS(r, gc.words)
	}
	w := pickS(r, gn.short)
	switch u := r.Float64(); {
	case u < 0.3:
		w += "科技"
	case u < 0.4 && manufacturing(nodeCode(gn.node)):
		w += "制造"
	case u < 0.4:
		w += "服务"
	}
	return w
}

func trimSuffixes(s string, sfx ...string) string {
	for _, x := range sfx {
		if t := strings.TrimSuffix(s, x); t != s && utf8.RuneCountInString(t) >= 2 {
			return t
		}
	}
	return s
}

func (p *place) provinceShort() string {
	return trimSuffixes(p.provinceName, "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
}

func (p *place) cityShort() string {
	if p.cityName == "" || p.cityName == "市辖区" || p.cityName == "县" || p.cityName == p.provinceName ||
		strings.Contains(p.cityName, "直辖") {
		return p.provinceShort()
	}
	s := trimSuffixes(p.cityName, "市", "地区", "盟")
	if utf8.RuneCountInString(s) > 4 {
		return p.provinceShort()
	}
	return s
}

// brand draws a 字号 of two characters, or three with probability p3.
func (g *generator) brand(r *rand.Rand, p3 float64) string {
	n := 2
	if r.Float64() < p3 {
		n = 3
	}
	var b strings.Builder
	prev := ""
	for k := 0; k < n; k++ {
		c := brandChars[r.IntN(len(brandChars))].han
		for c == prev {
			c = brandChars[r.IntN(len(brandChars))].han
		}
		b.WriteString(c)
		prev = c
	}
	return b.String()
}

// brandPinyin spells a 字号 in pinyin, capitalised: 华泰 → Huatai.
func brandPinyin(brand string) string {
	var b strings.Builder
	for _, c := range brand {
		for _, p := range brandChars {
			if p.han == string(c) {
				b.WriteString(p.pinyin)
				break
			}
		}
	}
	s := b.String()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// cnName builds a registration-style name: 地名 + 字号 + 行业词 + 组织形式.
func (g *generator) cnName(r *rand.Rand, p *place, word, suffix string, pattern int, p3 float64) string {
	brand := g.brand(r, p3)
	county := p.name
	isDistrict := strings.HasSuffix(county, "区") || county == ""
	switch {
	case pattern < 4:
		return p.provinceShort() + brand + word + suffix
	case pattern < 6:
		return p.cityShort() + brand + word + suffix
	case pattern < 8 && !isDistrict:
		return county + brand + word + suffix
	case pattern < 9 && !isDistrict:
		return p.provinceShort() + trimSuffixes(county, "市", "县") + brand + word + suffix
	case pattern == 10:
		return brand + word + suffix
	default:
		return brand + "（" + p.cityShort() + "）" + word + suffix
	}
}

// foreignName names a foreign-funded subsidiary in Chinese and English.
func (g *generator) foreignName(r *rand.Rand, p *place, gc *genChain, sec *sector, word string) (string, string) {
	fb := foreignBrands[r.IntN(len(foreignBrands))]
	cityCN, cityEN := "中国", "China"
	if c, ok := cityPinyin[p.code[:4]]; ok {
		cityCN, cityEN = c[0], c[1]
	}
	ind := "Trading"
	if sec != nil {
		ind = sec.labelEN
	}
	if gc != nil {
		if s, ok := enIndustry[gc.chain.ID]; ok {
			ind = s
		} else {
			ind = gc.chain.NameEN
		}
	}
	zh, en := fb[1], fb[0]
	if r.Float64() < 0.5 { // a group's second-level brand: 凯尔顿华泰, Kelton Huatai
		b := g.brand(r, 0)
		zh += b
		en += " " + brandPinyin(b)
	}
	return zh + "（" + cityCN + "）" + word + "有限公司", en + " " + ind + " (" + cityEN + ") Co., Ltd."
}

func (g *generator) address(r *rand.Rand, p *place) string {
	var b strings.Builder
	b.WriteString(p.provinceName)
	if c := p.cityName; c != "" && c != "市辖区" && c != "县" && c != p.provinceName && !strings.Contains(c, "直辖") {
		b.WriteString(c)
	}
	b.WriteString(p.name)
	if r.Float64() < 0.25 {
		b.WriteString(pickS(r, zones))
	}
	b.WriteString(pickS(r, roadParts))
	b.WriteString(pickS(r, roadSuffix))
	b.WriteString(strconv.Itoa(1 + r.IntN(999)))
	b.WriteString("号")
	if r.Float64() < 0.3 {
		b.WriteString(strconv.Itoa(1+r.IntN(12)) + "幢")
	}
	return b.String()
}

// uscc builds a valid code: 9 (market regulator) 1 (enterprise), the county, an
// organisation code (MA… for firms registered since 2015, eight digits before) and
// both check characters.
func uscc(r *rand.Rand, county string, year int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	var org [8]byte
	if year >= 2015 {
		org[0], org[1] = 'M', 'A'
		for k := 2; k < 8; k++ {
			org[k] = alphabet[r.IntN(len(alphabet))]
		}
	} else {
		org[0] = byte('1' + r.IntN(7))
		for k := 1; k < 8; k++ {
			org[k] = byte('0' + r.IntN(10))
		}
	}
	body := "91" + county + string(org[:])
	body += string(chainmatch.OrgCodeCheck(string(org[:])))
	return body + string(chainmatch.USCCCheck(body))
}

// listing draws an exchange (SH, SZ or BJ, as the importer writes them) and a
// ticker in the exchange's number range.
func listing(r *rand.Rand, chain string) (string, string) {
	star := chain == "semiconductor" || chain == "biomedicine" || chain == "new-materials" || chain == "new-energy"
	switch u := r.Float64(); {
	case star && u < 0.35:
		return "SH", strconv.Itoa(688000 + r.IntN(1000))
	case u < 0.45:
		return "SH", strconv.Itoa(pickInt(r, 600000, 601000, 603000, 605000) + r.IntN(1000))
	case u < 0.9:
		return "SZ", fmt.Sprintf("%06d", pickInt(r, 0, 2000, 300000, 301000)+r.IntN(1000))
	default:
		return "BJ", strconv.Itoa(920000 + r.IntN(1000))
	}
}

func pickInt(r *rand.Rand, xs ...int) int { return xs[r.IntN(len(xs))] }

// scopeItem turns a keyword into a 经营范围 item for a firm of the given GB/T 4754
// class: 制造 for manufacturing, 销售 for trade, 技术服务 for tech services.
func scopeItem(r *rand.Rand, kw, code string) string {
	for _, s := range []string{"制造", "生产", "加工", "销售", "服务", "研发", "开发", "施工", "批发", "零售",
		"出口", "回收", "维修", "修理", "安装", "运营", "检测", "利用"} {
		if strings.HasSuffix(kw, s) {
			return kw
		}
	}
	div := ""
	if len(code) >= 2 {
		div = code[:2]
	}
	u := r.Float64()
	switch {
	case div == "" || div >= "13" && div <= "43":
		switch {
		case u < 0.6:
			return kw + "制造"
		case u < 0.75:
			return kw + "研发"
		}
		return kw + "销售"
	case div == "51" || div == "52":
		if u < 0.3 {
			return kw + "批发"
		}
		return kw + "销售"
	case div >= "63" && div <= "65" || div >= "73" && div <= "75":
		return kw + pickS(r, []string{"技术服务", "研发", "技术开发"})
	}
	return kw + "服务"
}

// nodeCode is a node's first GB/T class, "" when it has none.
func nodeCode(n *chainmatch.Node) string {
	if len(n.Industries) == 0 {
		return ""
	}
	return n.Industries[0]
}

// manufacturing reports whether a GB/T class is in 制造业 (divisions 13–43).
func manufacturing(code string) bool {
	return code == "" || len(code) >= 2 && code[:2] >= "13" && code[:2] <= "43"
}

func (g *generator) scope(r *rand.Rand, gc *genChain, gn *genNode, sec *sector, year int, code string, vague bool) string {
	var items, lic, kws []string
	primary := 0 // items that the older style folds into 研发、生产、销售
	switch {
	case vague:
		if manufacturing(code) {
			items = sample(r, genericMaking, 2+r.IntN(3))
		} else {
			items = sample(r, genericServices, 2+r.IntN(2))
		}
	case gc != nil:
		if code == "" {
			code = nodeCode(gn.node)
		}
		kws = sample(r, gn.node.Keywords, 2+r.IntN(3))
		for k, kw := range kws {
			items = append(items, scopeItem(r, kw, code))
			if k == 0 && !strings.HasSuffix(items[0], "销售") {
				items = append(items, kw+"销售")
			}
		}
		primary = len(items)
		for k := r.IntN(3); k > 0; k-- {
			nb := gc.nodes[r.IntN(len(gc.nodes))]
			if len(gn.neighbour) > 0 && r.Float64() < 0.7 {
				nb = gc.nodes[gn.neighbour[r.IntN(len(gn.neighbour))]]
			}
			items = append(items, scopeItem(r, pickS(r, nb.node.Keywords), nodeCode(nb.node)))
		}
		if len(g.chains) > 1 && r.Float64() < 0.15 {
			oc := &g.chains[r.IntN(len(g.chains))]
			on := &oc.nodes[r.IntN(len(oc.nodes))]
			items = append(items, scopeItem(r, pickS(r, on.node.Keywords), nodeCode(on.node)))
		}
		if l := licensed[gc.chain.ID]; len(l) > 0 && r.Float64() < 0.4 {
			lic = sample(r, l, 1+r.IntN(2))
		}
	default:
		items = sample(r, sec.items, 2+r.IntN(3))
		if len(sec.licensed) > 0 && r.Float64() < 0.6 {
			lic = sample(r, sec.licensed, 1+r.IntN(len(sec.licensed)))
		}
		kws = items
	}
	for _, c := range sample(r, commonItems, r.IntN(4)) {
		if !contains(items, c) {
			items = append(items, c)
		}
	}
	var b strings.Builder
	if year >= 2021 || r.Float64() < 0.55 {
		b.WriteString("一般项目：")
		b.WriteString(strings.Join(items, "；"))
		b.WriteString("（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。")
		if len(lic) > 0 {
			b.WriteString("许可项目：")
			b.WriteString(strings.Join(lic, "；"))
			b.WriteString("（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以审批结果为准）。")
		}
		return b.String()
	}
	// The older style: 研发、生产、销售 of a list, then the rest.
	if gc != nil && len(kws) > 0 {
		b.WriteString(strings.Join(kws, "、"))
		if manufacturing(code) {
			b.WriteString("的研发、生产、销售；")
		} else {
			b.WriteString("的技术开发、技术服务、销售；")
		}
		items = items[primary:]
	}
	items = append(items, lic...)
	b.WriteString(strings.Join(items, "；"))
	b.WriteString("。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")
	return b.String()
}

func (g *generator) products(r *rand.Rand, gc *genChain, gn *genNode, sec *sector, foreign bool) string {
	english := r.Float64() < 0.06 || (foreign && r.Float64() < 0.35)
	if gc == nil {
		if english {
			return strings.Join(sample(r, sec.productEN, 1+r.IntN(2)), ", ")
		}
		return strings.Join(sample(r, sec.products, 1+r.IntN(2)), "、")
	}
	n := 1 + r.IntN(3)
	if english && len(gn.node.KeywordsEN) > 0 {
		ps := sample(r, gn.node.KeywordsEN, n)
		if len(gn.neighbour) > 0 && r.Float64() < 0.3 {
			nb := gc.nodes[gn.neighbour[r.IntN(len(gn.neighbour))]]
			if len(nb.node.KeywordsEN) > 0 {
				ps = append(ps, pickS(r, nb.node.KeywordsEN))
			}
		}
		return strings.Join(ps, ", ")
	}
	ps := sample(r, gn.node.Keywords, n)
	if len(gn.neighbour) > 0 && r.Float64() < 0.3 {
		ps = append(ps, pickS(r, gc.nodes[gn.neighbour[r.IntN(len(gn.neighbour))]].node.Keywords))
	}
	return strings.Join(ps, "、")
}

// sample returns up to n distinct elements of ss in a random order.
func sample(r *rand.Rand, ss []string, n int) []string {
	if n > len(ss) {
		n = len(ss)
	}
	out := make([]string, 0, n)
	for len(out) < n {
		s := ss[r.IntN(len(ss))]
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (g *generator) signals(r *rand.Rand, e *chainmatch.Enterprise, gc *genChain, gn *genNode, z float64, tags map[chainmatch.Tag]bool) {
	ev := func(typ, detail string, span int) chainmatch.Event {
		return chainmatch.Event{Type: typ, Date: g.date(recentDays(r, span)), Detail: detail, Source: SyntheticSource}
	}
	pf := 0.04
	if tags[chainmatch.TagHighGrowth] {
		pf = 0.16
	}
	if gc == nil {
		pf /= 3
	}
	if r.Float64() < pf {
		amount := round(math.Exp(math.Log(0.5)+0.8*z+0.7*r.NormFloat64()), 2)
		e.Signals = append(e.Signals, ev(chainmatch.SignalFinancing,
			fmt.Sprintf("完成%s融资，金额约%s亿元", pickS(r, financingRounds), strconv.FormatFloat(amount, 'f', -1, 64)), 730))
	}
	if len(e.Branches) > 0 && r.Float64() < 0.35 {
		b := e.Branches[r.IntN(len(e.Branches))]
		name := b
		if pi, ok := g.byCode[b]; ok {
			p := &g.places[pi]
			name = p.provinceShort() + p.name
		}
		e.Signals = append(e.Signals, ev(chainmatch.SignalBranch, "在"+name+"设立分公司", 730))
	}
	if gc != nil && r.Float64() < 0.03+0.05*math.Max(0, z) {
		kw := pickS(r, gn.node.Keywords)
		invest := strconv.FormatFloat(round(math.Exp(0.5+0.7*z+0.5*r.NormFloat64()), 1), 'f', -1, 64)
		detail := fmt.Sprintf("%s项目签约落地，计划总投资%s亿元", kw, invest)
		if manufacturing(nodeCode(gn.node)) {
			detail = fmt.Sprintf("年产%d%s%s扩产项目签约，计划总投资%s亿元", 5+r.IntN(200), pickS(r, expansionUnits), kw, invest)
		}
		e.Signals = append(e.Signals, ev(chainmatch.SignalExpansion, detail, 730))
	}
	if r.Float64() < 0.1 {
		e.Signals = append(e.Signals, ev(chainmatch.SignalHiring,
			fmt.Sprintf("招聘%s%d人", pickS(r, hiringRoles), 2+r.IntN(50)), 180))
	}
}

func (g *generator) risks(r *rand.Rand, e *chainmatch.Enterprise, z float64) {
	ev := func(typ, detail string) chainmatch.Event {
		return chainmatch.Event{Type: typ, Date: g.date(r.IntN(5 * 365)), Detail: detail, Source: SyntheticSource}
	}
	small := z < -0.5
	if p := 0.012; r.Float64() < p*(1+2*b2f(small)) {
		e.Risks = append(e.Risks, ev(chainmatch.RiskDishonest,
			fmt.Sprintf("被列为失信被执行人，执行标的%d万元", 5+r.IntN(500))))
	}
	if r.Float64() < 0.05+0.03*math.Max(0, z) {
		e.Risks = append(e.Risks, ev(chainmatch.RiskLitigation, pickS(r, litigationCases)))
	}
	if r.Float64() < 0.02*(1+2*b2f(small)) {
		e.Risks = append(e.Risks, ev(chainmatch.RiskAbnormal, pickS(r, abnormalCauses)))
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// talent builds the i-th talent from r.
func (g *generator) talent(r *rand.Rand, i int) chainmatch.Talent {
	t := chainmatch.Talent{ID: fmt.Sprintf("syn-%d-t%d", g.seed, i), Kind: chainmatch.KindTalent,
		Source: SyntheticSource, AsOf: g.asOfText}
	var gc *genChain
	var gn *genNode
	if len(g.chains) > 0 {
		gc = &g.chains[g.chainPick.pick(r)]
		gn = &gc.nodes[gc.nodePick.pick(r)]
	}
	abroad := r.Float64() < 0.10
	academic := r.Float64() < 0.6
	sn := surnames[g.surnames.pick(r)]
	given := givenChars[r.IntN(len(givenChars))]
	given2 := pinyinName{}
	if r.Float64() < 0.7 {
		given2 = givenChars[r.IntN(len(givenChars))]
	}
	t.Name = sn.han + given.han + given2.han
	if abroad {
		ai := abroadInstitutions[g.abroad.pick(r)]
		t.Institution, t.Location = ai.name, ai.country
		switch u := r.Float64(); {
		case u < 0.1:
			t.Name = pickS(r, foreignNames)
		case u < 0.7:
			first := given.pinyin + given2.pinyin
			t.Name = strings.ToUpper(first[:1]) + first[1:] + " " + sn.pinyin
		}
		t.Degree = pickS(r, degreesEN)
		t.Title = pickS(r, titlesEN)
	} else {
		t.Degree = pickS(r, degreesCN)
		if academic && gc != nil && len(gc.institutes) > 0 {
			inst := institutions[gc.institutes[r.IntN(len(gc.institutes))]]
			t.Institution = inst.name
			if _, ok := g.byCode[inst.county]; ok {
				t.Location = inst.county
			}
			t.Title = pickS(r, titlesAcad)
		} else {
			pl := &g.places[g.tail.pick(r)]
			word := "科技"
			if gc != nil {
				pl = &g.places[gc.locs.pick(r)]
				word = g.nodeWord(r, gc, gn)
			}
			t.Institution = g.cnName(r, pl, word, "有限公司", r.IntN(10), 0.3)
			t.Location = pl.code
			t.Title = pickS(r, titlesInd)
		}
		if t.Location == "" {
			t.Location = g.places[g.tail.pick(r)].code
		}
	}
	if gc != nil {
		kws := sample(r, gn.node.Keywords, 2+r.IntN(2))
		if abroad && len(gn.node.KeywordsEN) > 0 {
			t.Field = gc.chain.NameEN + " / " + gn.node.NameEN
			en := sample(r, gn.node.KeywordsEN, 1+r.IntN(2))
			t.Expertise = "Research on " + strings.Join(en, " and ") + "; " + strings.Join(kws, "、")
		} else {
			t.Field = gc.chain.Name + "／" + gn.node.Name
			if academic {
				t.Expertise = "长期从事" + strings.Join(kws[:len(kws)-1], "、") + "研究，在" + kws[len(kws)-1] + "方面取得系列成果"
			} else if manufacturing(nodeCode(gn.node)) {
				t.Expertise = "主持" + kws[0] + "产品开发，负责" + strings.Join(kws[1:], "、") + "工艺与量产"
			} else {
				t.Expertise = "负责" + kws[0] + "业务与技术团队，主导" + strings.Join(kws[1:], "、") + "平台建设"
			}
		}
	}
	if r.Float64() < 0.7 {
		if len(g.profiled) > 0 && r.Float64() < 0.12 {
			t.Hometown = g.places[g.profiled[r.IntN(len(g.profiled))]].code
		} else {
			t.Hometown = g.places[g.tail.pick(r)].code
		}
	}
	senior := t.Degree == "博士" || t.Degree == "PhD"
	for k, n := 0, honourCount(r, senior); k < n; k++ {
		h := honoursCN[g.honours.pick(r)]
		if abroad && r.Float64() < 0.6 {
			h = pickS(r, honoursEN)
		}
		if !contains(t.Honours, h) {
			t.Honours = append(t.Honours, h)
		}
	}
	q := r.NormFloat64()
	if r.Float64() < 0.85 {
		mu := 1.0
		if !academic {
			mu = 2.0
		}
		p := int(math.Exp(mu + 1.0*q + 0.5*r.NormFloat64()))
		t.Patents = &p
	}
	if r.Float64() < 0.85 {
		mu := 1.0
		if academic && senior {
			mu = 3.2
		}
		p := int(math.Exp(mu + 0.9*q + 0.5*r.NormFloat64()))
		t.Papers = &p
	}
	t.Team = r.Float64() < 0.2
	return t
}

func honourCount(r *rand.Rand, senior bool) int {
	p := 0.15
	if senior {
		p = 0.4
	}
	n := 0
	for n < 3 && r.Float64() < p {
		n++
	}
	return n
}
