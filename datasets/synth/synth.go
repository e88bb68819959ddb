package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
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
// The pool is built not to flatter the tagger and the ranker:
//
//   - Enterprise text comes from productLines (synth_vocab.go), written apart from
//     the chain files: 经营范围 items in the regulator's catalogue wording, product
//     nouns with their jargon and decorations, names of 字号 + a generic 行业词
//     (科技, 实业, 机械) that never names a product. 80 % of firms are on lines of no
//     chain (trade, services, construction, light industry), 10 % of chain firms
//     register a second chain's line, 10 % of chain firms a vague scope; 5 % of
//     records carry no business text at all and 8 % only an industry label.
//   - Counties weigh by economic size (provinceGDP, spread over prefectures and
//     counties by placeWeights); chain firms cluster where their chain really does
//     (chainClusters) for half of them. No county is favoured for being profiled.
//   - Tags come at national rates (tagRates: listed ≈ 0.09 %, high-tech ≈ 1.5 %,
//     专精特新 ≈ 0.3 %, little giants ≈ 0.03 %, leaders ≈ 0.04 %), drawn from one
//     latent size so that leaders, listed firms, SOEs and top-500 members are the
//     big ones; capital and staff are log-normal and often missing; signals,
//     branches and hometowns are sparse, as in real exports.
//
// Counties with a six-digit code are places; platforms are skipped. The chains
// shape the talents only (their fields and expertise).
func Generate(w io.Writer, cfg GenConfig, chains []chainmatch.Chain, counties []chainmatch.County) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := Visit(cfg, chains, counties,
		func(i int, e *chainmatch.Enterprise) error { return enc.Encode(e) },
		func(i int, t *chainmatch.Talent) error { return enc.Encode(t) })
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if cfg.Progress != nil {
		cfg.Progress(cfg.Enterprises, cfg.Talents)
	}
	return nil
}

// Visit generates the pool Generate writes, record for record and in the same
// order, and hands each one to enterprise or talent instead of encoding it (for a
// consumer that wants records, such as the index benchmarks). A nil func skips
// that kind. An error from a func stops the run and is returned with the record's
// number.
func Visit(cfg GenConfig, chains []chainmatch.Chain, counties []chainmatch.County,
	enterprise func(i int, e *chainmatch.Enterprise) error, talent func(i int, t *chainmatch.Talent) error) error {
	g, err := newGenerator(cfg, chains, counties)
	if err != nil {
		return err
	}
	if cfg.Enterprises < 0 || cfg.Talents < 0 {
		return fmt.Errorf("generate: negative count: %w", chainmatch.ErrInvalid)
	}
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	for i := 0; i < cfg.Enterprises && enterprise != nil; i++ {
		src.Seed(streamSeed(cfg.Seed, uint64(i), 0))
		e, _ := g.enterprise(r, i)
		if err := enterprise(i, &e); err != nil {
			return fmt.Errorf("generate: enterprise %d: %w", i, err)
		}
		if cfg.Progress != nil && (i+1)%ProgressEvery == 0 {
			cfg.Progress(i+1, 0)
		}
	}
	for i := 0; i < cfg.Talents && talent != nil; i++ {
		src.Seed(streamSeed(cfg.Seed, uint64(i), 1))
		t := g.talent(r, i)
		if err := talent(i, &t); err != nil {
			return fmt.Errorf("generate: talent %d: %w", i, err)
		}
		if cfg.Progress != nil && (i+1)%ProgressEvery == 0 {
			cfg.Progress(cfg.Enterprises, i+1)
		}
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
	node *chainmatch.Node
}

// genChain is a chain as the talents see it.
type genChain struct {
	chain      *chainmatch.Chain
	nodes      []genNode
	nodePick   cum
	locs       cum
	institutes []int // indices into institutions
}

// tagThreshold is a tag drawn as loading·z + √(1 − loading²)·ε > threshold, with z
// the firm's latent size and ε its own noise, so P(tag) is exactly the rate.
type tagThreshold struct {
	tag          chainmatch.Tag
	loading      float64
	chain, other float64 // thresholds for chain firms and the rest
}

type generator struct {
	seed     uint64
	asOf     time.Time
	asOfText string
	places   []place
	byCode   map[string]int
	tail     cum
	lines    []productLine
	linePick cum
	// chainLinePick draws among the chain lines only, for second lines.
	chainLinePick cum
	// lineLocs[i] indexes locs: where line i's firms are.
	lineLocs   []int
	locs       []cum
	chains     []genChain
	chainPick  cum
	surnames   cum
	honours    cum
	abroad     cum // over abroadInstitutions
	thresholds []tagThreshold
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
	g := &generator{seed: cfg.Seed, asOf: asOf, asOfText: asOfText, byCode: map[string]int{}}
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
	tail := g.placeWeights()
	g.tail = newCum(tail)
	if !g.tail.ok() {
		tail = ones(len(g.places))
		g.tail = newCum(tail)
	}

	g.lines, err = parseProductLines(productLines)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	perChain := map[string]int{}
	noChain := 0.0
	for _, ln := range g.lines {
		if ln.chain == "" {
			noChain += ln.weight()
		} else {
			perChain[ln.chain]++
		}
	}
	mixSum := 0.0
	for c := range perChain {
		mixSum += chainShare(c)
	}
	lw := make([]float64, len(g.lines))
	cw := make([]float64, len(g.lines))
	locIndex := map[string]int{"": 0}
	g.locs = []cum{g.tail}
	for i, ln := range g.lines {
		if ln.chain == "" {
			lw[i] = noChainShare * ln.weight() / noChain
			g.lineLocs = append(g.lineLocs, 0)
			continue
		}
		cw[i] = chainShare(ln.chain) / mixSum / float64(perChain[ln.chain])
		lw[i] = (1 - noChainShare) * cw[i]
		k, ok := locIndex[ln.chain]
		if !ok {
			k = len(g.locs)
			locIndex[ln.chain] = k
			g.locs = append(g.locs, newCum(g.clusterWeights(ln.chain, tail)))
		}
		g.lineLocs = append(g.lineLocs, k)
	}
	g.linePick = newCum(lw)
	g.chainLinePick = newCum(cw)
	for _, tr := range tagRates {
		g.thresholds = append(g.thresholds, tagThreshold{tag: tr.tag, loading: tr.loading,
			chain: normalQuantile(1 - tr.chain), other: normalQuantile(1 - tr.other)})
	}

	mix := make([]float64, 0, len(chains))
	for ci := range chains {
		c := &chains[ci]
		if len(c.Nodes) == 0 {
			continue
		}
		gc := genChain{chain: c}
		imp := make([]float64, len(c.Nodes))
		for ni := range c.Nodes {
			imp[ni] = c.Nodes[ni].Importance
			if imp[ni] <= 0 {
				imp[ni] = 0.5
			}
			gc.nodes = append(gc.nodes, genNode{node: &c.Nodes[ni]})
		}
		gc.nodePick = newCum(imp)
		gc.locs = newCum(g.clusterWeights(c.ID, tail))
		for ii, inst := range institutions {
			if inst.chains == nil || contains(inst.chains, c.ID) {
				gc.institutes = append(gc.institutes, ii)
			}
		}
		mix = append(mix, chainShare(c.ID))
		g.chains = append(g.chains, gc)
	}
	g.chainPick = newCum(mix)
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

// chainShare is the relative number of a chain's enterprises; an unknown chain gets 5.
func chainShare(chain string) float64 {
	if w, ok := chainMix[chain]; ok {
		return w
	}
	return 5
}

// weight is the relative number of firms on a line of no chain: trade and
// business services are the commonest registrations.
func (ln *productLine) weight() float64 {
	switch ln.label {
	case "批发业":
		return 4
	case "商务服务", "商贸零售":
		return 2.5
	case "建筑工程", "软件服务":
		return 1.5
	}
	return 1
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// hashNormal is a standard normal drawn deterministically from a key: the same
// county always gets the same skew, whatever the seed.
func hashNormal(key string) float64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	u := (float64(splitmix(h.Sum64())>>11) + 0.5) / (1 << 53)
	return normalQuantile(u)
}

// prefecture is the key of a county's prefecture: its first four digits, or the
// province for the four municipalities, whose districts make up one economy.
func prefecture(code string) string {
	switch code[:2] {
	case "11", "12", "31", "50":
		return code[:2]
	}
	return code[:4]
}

// prefectureWeight is a prefecture's economic size relative to the others of its
// province: capitals (xx01) ×3, the large non-capital economies of bigCities by
// their factor, groups of county-level units directly under the province (xx90)
// ×0.5, each times a deterministic log-normal skew exp(0.5·N).
func prefectureWeight(pref string) float64 {
	w := 1.0
	switch {
	case len(pref) == 2:
	case pref[2:] == "01":
		w = 3
	case pref[2:] == "90":
		w = 0.5
	}
	if b, ok := bigCities[pref]; ok {
		w = b
	}
	return w * math.Exp(0.5*hashNormal(pref))
}

// countyKindWeight favours city districts (名 …区) over county-level cities (…市)
// over counties: where firms register. Each is skewed by exp(0.35·N).
func countyKindWeight(p *place) float64 {
	w := 1.0
	switch {
	case strings.HasSuffix(p.name, "区"):
		w = 3
	case strings.HasSuffix(p.name, "市"):
		w = 2
	}
	return w * math.Exp(0.35*hashNormal(p.code))
}

// placeWeights is each county's share of the national economy: its province's GDP
// share (provinceGDP) × its prefecture's share of the province's prefectures
// present × its share of the prefecture's counties present,
//
//	w(c) = GDP(p)/ΣGDP · pw(f)/Σ_{f'∈p} pw(f') · cw(c)/Σ_{c'∈f} cw(c').
//
// A province missing from provinceGDP weighs as the smallest.
func (g *generator) placeWeights() []float64 {
	minGDP := math.Inf(1)
	for _, v := range provinceGDP {
		minGDP = math.Min(minGDP, v)
	}
	gdp := func(p string) float64 {
		if v, ok := provinceGDP[p]; ok {
			return v
		}
		return minGDP
	}
	prefW := map[string]float64{}
	provSum := map[string]float64{}
	provSeen := map[string]bool{}
	totalGDP := 0.0
	cw := make([]float64, len(g.places))
	prefSum := map[string]float64{}
	for i := range g.places {
		p := &g.places[i]
		f := prefecture(p.code)
		if _, ok := prefW[f]; !ok {
			prefW[f] = prefectureWeight(f)
			provSum[p.province] += prefW[f]
		}
		if !provSeen[p.province] {
			provSeen[p.province] = true
			totalGDP += gdp(p.province)
		}
		cw[i] = countyKindWeight(p)
		prefSum[f] += cw[i]
	}
	ws := make([]float64, len(g.places))
	for i := range g.places {
		p := &g.places[i]
		f := prefecture(p.code)
		ws[i] = gdp(p.province) / totalGDP * prefW[f] / provSum[p.province] * cw[i] / prefSum[f]
	}
	return ws
}

// clusterWeights mixes a chain's clusters (clusterShare of its firms) with the
// economic-size weights tail (the rest). Within a cluster area firms spread as the
// tail does.
func (g *generator) clusterWeights(chain string, tail []float64) []float64 {
	clusters := chainClusters[chain]
	total := 0.0
	for _, a := range clusters {
		total += a.weight
	}
	cl := make([]float64, len(g.places))
	placed := 0.0
	for _, a := range clusters {
		in := 0.0
		for i, p := range g.places {
			if strings.HasPrefix(p.code, a.prefix) {
				in += tail[i]
			}
		}
		if in == 0 {
			continue // the area is not among the counties given
		}
		placed += a.weight
		for i, p := range g.places {
			if strings.HasPrefix(p.code, a.prefix) {
				cl[i] += a.weight * tail[i] / in
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
	ws := make([]float64, len(g.places))
	for i := range ws {
		if share > 0 {
			ws[i] = share * cl[i] / placed
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

// textKind is how much business text a record carries.
type textKind uint8

const (
	textFull  textKind = iota // scope and/or products, an industry code or label
	textLabel                 // only an industry label, as in stock lists
	textNone                  // a name and a place
)

// Shares of records by the text they carry.
const (
	noTextRate    = 0.05
	labelOnlyRate = 0.08
	vagueRate     = 0.10 // of chain firms with full text: a scope that names no product
)

// meta is what a test needs to know about a generated enterprise beyond its record.
type meta struct {
	chain  string // "" for a firm of no chain
	chain2 string // the chain of a second line, if any
	text   textKind
	vague  bool
}

// enterprise builds the i-th enterprise from r.
func (g *generator) enterprise(r *rand.Rand, i int) (chainmatch.Enterprise, meta) {
	e := chainmatch.Enterprise{Source: SyntheticSource, AsOf: g.asOfText}
	li := g.linePick.pick(r)
	ln := &g.lines[li]
	pl := &g.places[g.locs[g.lineLocs[li]].pick(r)]
	m := meta{chain: ln.chain}
	var second *productLine
	if ln.chain != "" && r.Float64() < secondLineRate {
		for k := 0; k < 4 && second == nil; k++ {
			if o := &g.lines[g.chainLinePick.pick(r)]; o.chain != ln.chain {
				second, m.chain2 = o, o.chain
			}
		}
	}
	switch u := r.Float64(); {
	case u < noTextRate:
		m.text = textNone
	case u < noTextRate+labelOnlyRate:
		m.text = textLabel
	}
	word := pickS(r, ln.words)

	if m.text == textNone {
		e.ID = fmt.Sprintf("syn-%d-e%d", g.seed, i)
		e.Province = pl.province
		if r.IntN(2) == 0 {
			e.City = pl.city
		}
		e.Name = g.cnName(r, pl, word, "有限公司", r.IntN(4), 1) // no USCC: a distinctive name
		return e, m
	}

	// Size, age and tags: one latent size z drives capital, staff, revenue and the
	// tags that go with size (leader, listed, soe, top500).
	z := r.NormFloat64()
	age := r.ExpFloat64()*8 + math.Max(0, 4*z)
	if age > 45 {
		age = 45
	}
	tags := make([]bool, len(chainmatch.Tags)+1) // by tagIndex
	chainFirm := ln.chain != ""
	for _, th := range g.thresholds {
		t := th.other
		if chainFirm {
			t = th.chain
		}
		tags[tagIndex(th.tag)] = th.loading*z+math.Sqrt(1-th.loading*th.loading)*r.NormFloat64() > t
	}
	listed := tags[tagIndex(chainmatch.TagListed)]
	spec := &tags[tagIndex(chainmatch.TagSpecialized)]
	*spec = *spec && !listed
	tags[tagIndex(chainmatch.TagLittleGiant)] = *spec && r.Float64() < littleGiantShare
	if tags[tagIndex(chainmatch.TagSOE)] {
		tags[tagIndex(chainmatch.TagForeignFunded)] = false
	}
	if age > 10 {
		tags[tagIndex(chainmatch.TagHighGrowth)] = false
	}
	for _, t := range chainmatch.Tags {
		if tags[tagIndex(t)] {
			e.Tags = append(e.Tags, t)
		}
	}
	has := func(t chainmatch.Tag) bool { return tags[tagIndex(t)] }
	foreign := has(chainmatch.TagForeignFunded)

	// Name.
	suffix := "有限公司"
	switch {
	case listed:
		suffix = "股份有限公司"
	case has(chainmatch.TagLeader) && r.Float64() < 0.3:
		suffix = pickS(r, []string{"集团有限公司", "股份有限公司"})
	case r.Float64() < 0.03:
		suffix = "有限责任公司"
	}
	if foreign && !listed && r.Float64() < 0.5 {
		e.Name, e.NameEN = g.foreignName(r, pl, ln, word)
	} else {
		pattern := r.IntN(10)
		if (listed || has(chainmatch.TagLeader)) && r.Float64() < 0.4 {
			pattern = 10 // a national name without a place
		}
		e.Name = g.cnName(r, pl, word, suffix, pattern, 0.3)
	}
	if listed {
		e.Exchange, e.Ticker = listing(r, m.chain)
	}

	// Registration.
	founded := g.asOf.AddDate(0, 0, -int(age*365.25)-1-r.IntN(30))
	e.Province = pl.province
	capitalRate := 0.75
	if m.text == textLabel {
		// A stock-list style row: a province, often a city, an industry label.
		if r.Float64() < 0.7 {
			e.City = pl.city
		}
		if r.Float64() < 0.3 {
			e.County = pl.code
		}
		e.Industry = ln.label
		if len(ln.codes) > 0 && r.Float64() < 0.3 {
			e.Industry = divisionNames[ln.codes[0][:2]]
			if e.Industry == "" {
				e.Industry = ln.label
			}
		}
		capitalRate = 0.4
	} else {
		e.City, e.County = pl.city, pl.code
		if r.Float64() < 0.97 {
			e.Founded = founded.Format("2006-01-02")
		}
		if r.Float64() < 0.6 {
			e.Address = g.address(r, pl)
		}
		if pl.hasLL && r.Float64() < 0.35 {
			lat := round(pl.lat+(r.Float64()-0.5)*pl.jitter, 5)
			lon := round(pl.lon+(r.Float64()-0.5)*pl.jitter, 5)
			e.Lat, e.Lon = &lat, &lon
		}
	}
	if e.County != "" && r.Float64() < 0.92 {
		e.USCC = uscc(r, pl.code, founded.Year())
	}
	e.ID = e.USCC
	if e.ID == "" {
		e.ID = fmt.Sprintf("syn-%d-e%d", g.seed, i)
	}

	// Size: log-normal, often missing.
	capMu, empMu := math.Log(100), math.Log(6)
	if chainFirm {
		capMu, empMu = math.Log(300), math.Log(15)
	}
	if r.Float64() < capitalRate || listed {
		c := nice(r, math.Exp(capMu+1.4*z+0.6*r.NormFloat64()))
		e.RegisteredCapitalWan = &c
	}
	emp := int(math.Max(1, math.Round(math.Exp(empMu+1.3*z+0.5*r.NormFloat64()))))
	if m.text == textFull && r.Float64() < 0.35 {
		e.Employees = &emp
	}
	if r.Float64() < 0.02 || listed {
		rev := round(float64(emp)*math.Exp(math.Log(55)+0.5*r.NormFloat64()), 1)
		e.RevenueWan = &rev
	}
	if m.text == textLabel {
		return e, m
	}

	// Industry, scope, products.
	if len(ln.codes) > 0 && r.Float64() < 0.6 {
		e.IndustryCode = pickS(r, ln.codes)
	}
	switch u := r.Float64(); {
	case e.IndustryCode != "" && u < 0.35:
		e.Industry = divisionNames[e.IndustryCode[:2]]
	case u < 0.5:
		e.Industry = ln.label
	}
	m.vague = chainFirm && r.Float64() < vagueRate
	if r.Float64() < 0.9 {
		e.Scope = g.scope(r, ln, second, founded.Year(), m.vague)
	}
	if !m.vague && r.Float64() < 0.35 {
		e.Products = g.products(r, ln, second, foreign)
	}
	if r.Float64() < 0.25 {
		var p int
		switch {
		case has(chainmatch.TagHighTech):
			p = int(math.Exp(math.Log(12) + 0.8*z + 0.7*r.NormFloat64()))
		case chainFirm && r.Float64() < 0.4:
			p = int(math.Exp(math.Log(2) + 0.8*z + 0.8*r.NormFloat64()))
		}
		e.Patents = &p
	}

	// Branches (ties), signals, risks: sparse.
	if z > branchZ || has(chainmatch.TagLeader) || (listed && r.Float64() < 0.5) {
		n := 1 + int(r.ExpFloat64()*1.2)
		if n > 6 {
			n = 6
		}
		locs := g.locs[g.lineLocs[li]]
		for k := 0; k < n; k++ {
			b := g.places[locs.pick(r)].code
			if b != pl.code && !contains(e.Branches, b) {
				e.Branches = append(e.Branches, b)
			}
		}
	}
	g.signals(r, &e, ln, z, has(chainmatch.TagHighGrowth))
	g.risks(r, &e, z)
	return e, m
}

// branchZ is the latent size above which a firm has branches: about 2 % of firms.
const branchZ = 2.05

// tagIndex is a small dense index for a tag: its place in chainmatch.Tags, or
// len(chainmatch.Tags) for a tag not there.
func tagIndex(t chainmatch.Tag) int {
	for i, x := range chainmatch.Tags {
		if x == t {
			return i
		}
	}
	return len(chainmatch.Tags)
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
func (g *generator) foreignName(r *rand.Rand, p *place, ln *productLine, word string) (string, string) {
	fb := foreignBrands[r.IntN(len(foreignBrands))]
	cityCN, cityEN := "中国", "China"
	if c, ok := cityPinyin[p.code[:4]]; ok {
		cityCN, cityEN = c[0], c[1]
	}
	zh, en := fb[1], fb[0]
	if r.Float64() < 0.5 { // a group's second-level brand: 凯尔顿华泰, Kelton Huatai
		b := g.brand(r, 0)
		zh += b
		en += " " + brandPinyin(b)
	}
	return zh + "（" + cityCN + "）" + word + "有限公司", en + " " + ln.en + " (" + cityEN + ") Co., Ltd."
}

// manufacturing reports whether a GB/T class is in 制造业 (divisions 13–43).
func manufacturing(code string) bool {
	return len(code) >= 2 && code[:2] >= "13" && code[:2] <= "43"
}

// scope writes a 经营范围: one to three items of the line (and one or two of a
// second line), one to four generic items, licensed items when the line has them,
// in the style since 2021 (一般项目/许可项目) or the older one (products' 研发、
// 生产、销售, then items). A vague scope has generic items only.
func (g *generator) scope(r *rand.Rand, ln, second *productLine, year int, vague bool) string {
	var items, lic []string
	making := len(ln.codes) > 0 && manufacturing(ln.codes[0])
	switch {
	case vague && making:
		items = sample(r, genericMaking, 1+r.IntN(3))
	case vague:
		items = sample(r, genericServices, 1+r.IntN(2))
	default:
		items = sample(r, ln.items, 1+r.IntN(3))
		if second != nil {
			items = append(items, sample(r, second.items, 1+r.IntN(2))...)
		}
		if len(ln.licensed) > 0 && r.Float64() < 0.4 {
			lic = sample(r, ln.licensed, 1)
		}
	}
	for _, c := range sample(r, commonItems, 1+r.IntN(4)) {
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
	// The older style: 研发、生产、销售 of a list of products, then the rest.
	if !vague && r.Float64() < 0.5 {
		b.WriteString(strings.Join(sample(r, ln.products, 1+r.IntN(2)), "、"))
		if making {
			b.WriteString("的研发、生产、销售；")
		} else {
			b.WriteString("的销售及技术服务；")
		}
	}
	items = append(items, lic...)
	b.WriteString(strings.Join(items, "；"))
	b.WriteString("。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")
	return b.String()
}

// products writes the products field: one to three product words of the line,
// sometimes decorated (高端…, …及配件), sometimes one of a second line; in English
// for 6 % of firms and a third of the foreign-funded ones.
func (g *generator) products(r *rand.Rand, ln, second *productLine, foreign bool) string {
	if english := r.Float64() < 0.06 || (foreign && r.Float64() < 0.35); english && len(ln.productsEN) > 0 {
		return strings.Join(sample(r, ln.productsEN, 1+r.IntN(2)), ", ")
	}
	ps := sample(r, ln.products, 1+r.IntN(3))
	for k := range ps {
		switch u := r.Float64(); {
		case u < 0.15:
			ps[k] = pickS(r, productPrefix) + ps[k]
		case u < 0.3:
			ps[k] += pickS(r, productSuffix)
		}
	}
	if second != nil && r.Float64() < 0.5 {
		ps = append(ps, pickS(r, second.products))
	}
	return strings.Join(ps, "、")
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

// signals adds the dated events of a firm: financing, a branch opened, an
// expansion project, hiring. Most firms have none.
func (g *generator) signals(r *rand.Rand, e *chainmatch.Enterprise, ln *productLine, z float64, highGrowth bool) {
	ev := func(typ, detail string, span int) chainmatch.Event {
		return chainmatch.Event{Type: typ, Date: g.date(recentDays(r, span)), Detail: detail, Source: SyntheticSource}
	}
	chainFirm := ln.chain != ""
	pf := 0.001
	if chainFirm {
		pf = 0.006
	}
	if highGrowth {
		pf *= 8
	}
	if r.Float64() < pf {
		amount := round(math.Exp(math.Log(0.3)+0.8*z+0.7*r.NormFloat64()), 2)
		e.Signals = append(e.Signals, ev(chainmatch.SignalFinancing,
			fmt.Sprintf("完成%s融资，金额约%s亿元", pickS(r, financingRounds), strconv.FormatFloat(amount, 'f', -1, 64)), 730))
	}
	if len(e.Branches) > 0 && r.Float64() < 0.25 {
		b := e.Branches[r.IntN(len(e.Branches))]
		name := b
		if pi, ok := g.byCode[b]; ok {
			p := &g.places[pi]
			name = p.provinceShort() + p.name
		}
		e.Signals = append(e.Signals, ev(chainmatch.SignalBranch, "在"+name+"设立分公司", 730))
	}
	if chainFirm && r.Float64() < 0.003+0.01*math.Max(0, z) {
		product := pickS(r, ln.products)
		invest := strconv.FormatFloat(round(math.Exp(-0.5+0.7*z+0.5*r.NormFloat64()), 1), 'f', -1, 64)
		detail := fmt.Sprintf("%s项目签约落地，计划总投资%s亿元", product, invest)
		if len(ln.codes) > 0 && manufacturing(ln.codes[0]) {
			detail = fmt.Sprintf("年产%d%s%s扩产项目签约，计划总投资%s亿元", 5+r.IntN(200), pickS(r, expansionUnits), product, invest)
		}
		e.Signals = append(e.Signals, ev(chainmatch.SignalExpansion, detail, 730))
	}
	if r.Float64() < 0.015 {
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
			word := pickS(r, talentFirmWords)
			if gc != nil {
				pl = &g.places[gc.locs.pick(r)]
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
			} else if len(gn.node.Industries) > 0 && manufacturing(gn.node.Industries[0]) {
				t.Expertise = "主持" + kws[0] + "产品开发，负责" + strings.Join(kws[1:], "、") + "工艺与量产"
			} else {
				t.Expertise = "负责" + kws[0] + "业务与技术团队，主导" + strings.Join(kws[1:], "、") + "平台建设"
			}
		}
	}
	// A hometown (籍贯) is rarely in a talent list; where it is, it follows
	// economic size like everything else, with no favour for profiled counties.
	if r.Float64() < hometownRate {
		t.Hometown = g.places[g.tail.pick(r)].code
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
