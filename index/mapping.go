package index

import (
	"fmt"
	"math"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/chainmatch/chainmatch"
)

// Field names of the mapping.
const (
	fKind         = "kind"
	fName         = "name"
	fNameEN       = "name_en"
	fScope        = "scope"
	fProducts     = "products"
	fIndustry     = "industry"
	fIndustryCode = "industry_code"
	fProvince     = "province"
	fCity         = "city"
	fCounty       = "county"
	fNodes        = "nodes"
	fChains       = "chains"
	fTags         = "tags"
	fCapital      = "capital_wan"
	fEmployees    = "employees"
	fRevenue      = "revenue_wan"
	fFounded      = "founded_year"
	fGeo          = "geo"
	fOrd          = "ord" // ordKey: the tiebreak that keeps pages stable
)

// textAnalyzer is the analyser of every text field: Unicode word breaking, full-
// and half-width folding, lower case, English possessives, stop words and Porter
// stems, then overlapping bigrams over runs of Han characters. See doc.go for why
// bigrams beat a dictionary segmenter here.
const textAnalyzer = "zh_en"

// textFields are searched by free text, with their boosts.
var textFields = []struct {
	name  string
	boost float64
}{{fName, 2}, {fNameEN, 2}, {fProducts, 1.5}, {fScope, 1}, {fIndustry, 0.5}}

// mappingVersion changes whenever the mapping or the analysis changes, so an
// index built by an older binary is reported as needing a rebuild.
const mappingVersion = 6

// Numeric fields that Query.Ranges may name.
const (
	RangeCapitalWan  = fCapital
	RangeEmployees   = fEmployees
	RangeRevenueWan  = fRevenue
	RangeFoundedYear = fFounded
)

// Facets that Query.Facets may name.
const (
	FacetProvince = fProvince
	FacetTags     = fTags
	FacetNodes    = fNodes
	FacetChains   = fChains
)

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(textAnalyzer, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []string{
			cjk.WidthName,
			lowercase.Name,
			en.PossessiveName,
			en.StopName,
			porter.Name,
			cjk.BigramName,
		},
	})
	if err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = textAnalyzer
	// BM25 saturates repeated terms and normalises by field length, so a long
	// business scope that lists a word once does not outscore a short one that
	// is about it; node text scores (NodeText) rely on it.
	im.ScoringModel = bindex.BM25Scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	dm := bleve.NewDocumentStaticMapping()
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = textAnalyzer
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// Keyword fields are filters, never scored, so they skip frequencies and
	// norms; nodes is also scored (the node-tag clause of the query expansion).
	keyword := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		f.SkipFreqNorm = true
		return f
	}
	numeric := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	for _, name := range []string{fName, fNameEN, fScope, fProducts, fIndustry} {
		dm.AddFieldMappingsAt(name, text())
	}
	for _, name := range []string{fKind, fIndustryCode, fCity, fCounty} {
		dm.AddFieldMappingsAt(name, keyword(false))
	}
	for _, name := range []string{fProvince, fChains, fTags} {
		dm.AddFieldMappingsAt(name, keyword(true))
	}
	nodes := keyword(true)
	nodes.SkipFreqNorm = false
	dm.AddFieldMappingsAt(fNodes, nodes)
	for _, name := range []string{fCapital, fEmployees, fRevenue, fFounded} {
		dm.AddFieldMappingsAt(name, numeric())
	}
	dm.AddFieldMappingsAt(fOrd, keyword(true))
	geo := bleve.NewGeoPointFieldMapping()
	geo.Store = false
	geo.IncludeInAll = false
	geo.DocValues = false
	dm.AddFieldMappingsAt(fGeo, geo)
	// No _all composite field: queries name their fields, and composing _all
	// cost about a fifth of the build time.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	return im, nil
}

// Doc is one record as the index sees it: the searchable text, the codes to
// filter on and the numbers to range over. The index stores none of it: results
// are seqs, the database holds the records.
type Doc struct {
	Seq  uint32
	Kind string // chainmatch.KindEnterprise or chainmatch.KindTalent; "" is chainmatch.KindEnterprise
	// Key picks the shard: the record's normalised name, which does not depend
	// on the order records were imported or merged in; "" shards by Seq.
	Key string

	Name, NameEN    string
	Scope, Products string // a talent's field and expertise go here
	Industry        string // industry label as given
	IndustryCode    string // GB/T 4754-2017 code as given, e.g. C3841 or 3841

	Province, City, County string // GB/T 2260 codes

	Nodes  []string // "chain/node" ids the tagger placed the record at
	Chains []string // chain ids (derived from Nodes when empty)
	Tags   []string

	// NaN means unknown; an unknown number matches no range.
	CapitalWan, Employees, RevenueWan float64
	FoundedYear                       int // 0 = unknown

	Lat, Lon float64
	HasGeo   bool
}

// docID is the Bleve id of a record: a kind letter and the seq in decimal.
func docID(kind string, seq uint32) string {
	p := "e"
	if kind == chainmatch.KindTalent {
		p = "t"
	}
	return p + strconv.FormatUint(uint64(seq), 10)
}

// parseID is the inverse of docID.
func parseID(id string) (kind string, seq uint32, ok bool) {
	if len(id) < 2 {
		return "", 0, false
	}
	switch id[0] {
	case 'e':
		kind = chainmatch.KindEnterprise
	case 't':
		kind = chainmatch.KindTalent
	default:
		return "", 0, false
	}
	n, err := strconv.ParseUint(id[1:], 10, 32)
	if err != nil {
		return "", 0, false
	}
	return kind, uint32(n), true
}

// fields turns d into the value Bleve maps, leaving out what is unknown.
func (d *Doc) fields() map[string]interface{} {
	m := make(map[string]interface{}, 16)
	kind := d.Kind
	if kind == "" {
		kind = chainmatch.KindEnterprise
	}
	m[fKind] = kind
	m[fOrd] = ordKey(kind, d.Seq)
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	put(fName, d.Name)
	put(fNameEN, d.NameEN)
	put(fScope, d.Scope)
	put(fProducts, d.Products)
	put(fIndustry, d.Industry)
	put(fProvince, d.Province)
	put(fCity, d.City)
	put(fCounty, d.County)
	if codes := industryCodes(d.IndustryCode); len(codes) > 0 {
		m[fIndustryCode] = codes
	}
	if len(d.Nodes) > 0 {
		m[fNodes] = d.Nodes
	}
	chains := d.Chains
	if len(chains) == 0 {
		chains = chainsOf(d.Nodes)
	}
	if len(chains) > 0 {
		m[fChains] = chains
	}
	if len(d.Tags) > 0 {
		m[fTags] = d.Tags
	}
	num := func(k string, v float64) {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			m[k] = roundSig(v, numericDigits)
		}
	}
	num(fCapital, d.CapitalWan)
	num(fEmployees, d.Employees)
	num(fRevenue, d.RevenueWan)
	if d.FoundedYear > 0 {
		m[fFounded] = float64(d.FoundedYear)
	}
	if d.HasGeo {
		m[fGeo] = []float64{math.Round(d.Lon*geoScale) / geoScale, math.Round(d.Lat*geoScale) / geoScale}
	}
	return m
}

// Bleve indexes a number as 16 prefix-coded terms; a term unique to one document
// costs a dictionary entry and a posting list. Rounding to a few significant
// digits lets documents share terms: it halved the index (see doc.go). Range
// bounds are exact for round numbers such as 1000 (万元); within 0.5 % of a
// bound a record may fall on either side.
const numericDigits = 3

// geoScale rounds coordinates to 0.01° (about 1 km), ample for county-level
// proximity and, like numericDigits, shrinking the index.
const geoScale = 100

// roundSig rounds v to n significant decimal digits.
func roundSig(v float64, n int) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// ordKey is a record's sort key: seq*2, plus 1 for talents, zero-padded so that
// string order is numeric order.
func ordKey(kind string, seq uint32) string {
	o := uint64(seq) * 2
	if kind == chainmatch.KindTalent {
		o++
	}
	return fmt.Sprintf("%010d", o)
}

// industryCodes indexes a GB/T 4754 code with its parents, so a filter on a
// major group (38) or group (384) finds the class (3841): "C3841" gives C, 38,
// 384, 3841.
func industryCodes(code string) []string {
	if code == "" {
		return nil
	}
	var out []string
	digits := code
	if c := code[0]; c >= 'A' && c <= 'Z' {
		out = append(out, code[:1])
		digits = code[1:]
	}
	for n := 2; n <= len(digits) && n <= 4; n++ {
		out = append(out, digits[:n])
	}
	if len(out) == 0 {
		out = append(out, code)
	}
	return out
}

// chainsOf returns the distinct chain ids of "chain/node" ids, in order.
func chainsOf(nodes []string) []string {
	var out []string
	for _, n := range nodes {
		c := n
		for i := 0; i < len(n); i++ {
			if n[i] == '/' {
				c = n[:i]
				break
			}
		}
		dup := false
		for _, o := range out {
			if o == c {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}
