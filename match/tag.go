package match

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// Tagger places enterprises and talents at chain nodes from their text and GB/T 4754
// code. It is built once from the chains and is safe for concurrent use; tagging is a
// pure function of the record and the chain vocabulary.
//
// All keywords (Chinese and English, positive and negative) go into one
// Aho–Corasick automaton over normalised text, so each field is read once whatever
// the size of the vocabulary. Normalisation lowercases ASCII, folds full-width forms,
// marks clause separators and brackets, and writes every ASCII word as " stem "
// (plural forms folded), so English keywords match whole words only and Chinese
// keywords match as substrings.
//
// A keyword hit is dropped when a negative keyword of the same node covers it
// (电池回收 vetoes 电池) or when a longer hit of another node of the same chain
// covers it (电动车控制器 is a controller, not an e-bike). Each remaining distinct
// (field, keyword) pair, and the GB/T 4754 code, adds evidence with a weight by
// field (industry label > products > name > scope > exact code > group prefix); a
// scope item that only sells (…销售, …批发) weighs less. Confidence is the noisy-or
// 1 − Π(1 − w) of a node's evidence.
type Tagger struct {
	nodes    []tagNode
	labels   []tagLabel
	patterns []tagPattern
	ac       automaton
	codes    map[string][]int32 // four-digit class → node indices
	groups   map[string][]int32 // three-digit group → node indices
	texts    []string           // normalised pattern texts, by pattern id
	words    []string           // keywords as written and code matches, for evidence
	wordID   map[string]int32
	supplies map[[2]int32]bool // (from, to) node pairs linked by a path of supply edges
	parts    []int32           // per chain, the node of its parts makers (Chain.Parts), or -1
	trade    []int32           // per chain, the node of its traders (Chain.Trade), or -1
	service  []int32           // per chain, the node of its installers and repairers (Chain.Service), or -1
	material []bool            // per chain, Chain.Materials
	vehicles []bool            // per chain, whether a keyword of it names a vehicle (…车, …车辆)
	// headed holds the (node, word) pairs of keywords that end in one of their
	// node's component heads (空调压缩机 of appliance motors)
	headed  map[[2]int32]bool
	shared  sharedParts // the splits of the keywords, for coordinations with a shared part
	version string
	scratch sync.Pool
}

type tagNode struct {
	chain, node string
	chainIdx    int32
	generic     bool // Node.Generic
}

// tagPattern is one normalised keyword with the nodes it places a text at, the
// nodes it places a text at only in the chain's context, the chain labels it is a
// word of, the nodes for which it is a negative (vetoing the keywords it contains)
// and the nodes it rules out (contrary evidence).
type tagPattern struct {
	// upper is set for an acronym that lowercased is a common English word
	// (ETC, ITS, PCS): it counts only where the text writes it in capitals.
	upper string
	mark  uint8 // a word that marks customers (markCustomer, ...), not a chain's word
	// machine: a keyword of a machinery node (GB/T 4754 major group 34 or 35)
	// that a text may continue with 设备, 装备 or 机械 (化成分容设备): then a head
	// of machinery too
	machine bool
	// heads are the nodes the word is a component head of (Chain.Heads), with
	// headWord its evidence word
	heads    []int32
	headWord int32
	pos      []posting
	ctx      []posting
	enables  []int32   // nodes whose contextual words the word gives context (Node.Context)
	labels   []posting // node: index into Tagger.labels
	neg      []int32
	contra   []int32
}

// tagLabel is a chain label: the nodes it spreads over with their shares.
type tagLabel struct {
	chainIdx int32
	nodes    []int32
	shares   []float32
	top      float32 // the largest share
	// weight scales the label's evidence: min(1, 2·Σ shares), so a label that
	// means this chain for under half of the firms it names (专用机械 for chip
	// equipment) is weaker evidence of it.
	weight float32
	prefix bool // counts only as the modifier of another word (Label.Prefix)
	column bool // counts only in an industry column (Label.Column)
}

type posting struct {
	node    int32
	keyword int32 // index into words: the keyword as written in the chain file
}

// englishWords are the acronyms of the chain files that are also common English
// words once lowercased.
var englishWords = map[string]bool{"its": true, "etc": true, "pcs": true}

// Field weights: how strongly one keyword in a field places a record at a node.
// Confidence combines evidence as a noisy-or, 1 − Π(1 − w).
const (
	weightName        float32 = 0.55
	weightProducts            = 0.6
	weightIndustry            = 0.6
	weightScope               = 0.55
	weightCode                = 0.45 // exact class code, shared by one node of the chain
	weightGroup               = 0.2  // three-digit group prefix only
	weightExpertise           = 0.55
	weightField               = 0.6
	weightInstitution         = 0.3
	// MinConfidence is the smallest confidence a returned tag has.
	MinConfidence = 0.1
)

// tagVersion changes when the algorithm changes in a way that changes tags.
const tagVersion = "tag163"

// Field names used in evidence.
const (
	FieldName         = "name"
	FieldNameEN       = "name_en"
	FieldScope        = "scope"
	FieldProducts     = "products"
	FieldIndustry     = "industry"
	FieldIndustryCode = "industry_code"
	FieldField        = "field"
	FieldExpertise    = "expertise"
	FieldInstitution  = "institution"
)

// Evidence kinds.
const (
	KindKeyword      = "keyword"
	KindIndustryCode = "industry_code"
	// KindLabel is a broad industry word spread over the nodes it may mean.
	KindLabel = "label"
)

// NewTagger builds a tagger over chains' vocabulary.
func NewTagger(chains []chainmatch.Chain) *Tagger {
	t := &Tagger{codes: map[string][]int32{}, groups: map[string][]int32{}, wordID: map[string]int32{}, supplies: map[[2]int32]bool{}}
	byText := map[string]int{}
	var texts []string
	add := func(kw string) int {
		norm := normalizeKeyword(kw)
		if norm == "" {
			return -1
		}
		id, ok := byText[norm]
		if !ok {
			id = len(t.patterns)
			byText[norm] = id
			t.patterns = append(t.patterns, tagPattern{})
			texts = append(texts, norm)
		}
		if englishWords[strings.TrimSpace(norm)] && kw == strings.ToUpper(kw) {
			t.patterns[id].upper = kw
		}
		return id
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", tagVersion)
	for ci, c := range chains {
		fmt.Fprintf(h, "chain %s parts %s trade %s service %s materials %t heads %q\n", c.ID, c.Parts, c.Trade, c.Service, c.Materials, c.Heads)
		base := int32(len(t.nodes))
		t.parts = append(t.parts, -1)
		t.trade = append(t.trade, -1)
		t.service = append(t.service, -1)
		t.material = append(t.material, c.Materials)
		t.vehicles = append(t.vehicles, slices.ContainsFunc(c.Nodes, func(n chainmatch.Node) bool {
			return slices.ContainsFunc(n.Keywords, func(w string) bool { return hasAnySuffix([]byte(w), "车", "车辆") })
		}))
		for _, n := range c.Nodes {
			ni := int32(len(t.nodes))
			if n.ID == c.Parts {
				t.parts[ci] = ni
			}
			if n.ID == c.Trade {
				t.trade[ci] = ni
			}
			if n.ID == c.Service {
				t.service[ci] = ni
			}
			t.nodes = append(t.nodes, tagNode{chain: c.ID, node: n.ID, chainIdx: int32(ci), generic: n.Generic})
			fmt.Fprintf(h, "node %s %q %q %q %q %t\n", n.ID, n.Keywords, n.KeywordsEN, n.Negative, n.Industries, n.Generic)
			seen := map[int]bool{}
			for _, kw := range append(append([]string{}, n.Keywords...), n.KeywordsEN...) {
				if id := add(kw); id >= 0 && !seen[id] {
					seen[id] = true
					t.patterns[id].pos = append(t.patterns[id].pos, posting{node: ni, keyword: t.word(kw)})
				}
			}
			fmt.Fprintf(h, "context %q contrary %q\n", n.Contextual, n.Contrary)
			for _, kw := range n.Contextual {
				if id := add(kw); id >= 0 {
					t.patterns[id].ctx = append(t.patterns[id].ctx, posting{node: ni, keyword: t.word(kw)})
				}
			}
			if len(n.Context) > 0 {
				fmt.Fprintf(h, "enabled by %q\n", n.Context)
			}
			for _, kw := range n.Context {
				if id := add(kw); id >= 0 {
					t.patterns[id].enables = appendUnique(t.patterns[id].enables, ni)
				}
			}
			for _, kw := range n.Negative {
				if id := add(kw); id >= 0 {
					t.patterns[id].neg = append(t.patterns[id].neg, ni)
				}
			}
			for _, kw := range n.Contrary {
				if id := add(kw); id >= 0 {
					t.patterns[id].contra = appendUnique(t.patterns[id].contra, ni)
				}
			}
			for _, code := range n.Industries {
				if len(code) != 4 {
					continue
				}
				t.codes[code] = appendUnique(t.codes[code], ni)
				t.groups[code[:3]] = appendUnique(t.groups[code[:3]], ni)
				t.word(code)
				t.word(code[:3] + "x")
			}
		}
		idx := make(map[string]int32, len(c.Nodes))
		for k, n := range c.Nodes {
			idx[n.ID] = base + int32(k)
		}
		for _, l := range c.Labels {
			ids := make([]string, 0, len(l.Nodes))
			for id := range l.Nodes {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			tl := tagLabel{chainIdx: int32(ci)}
			for _, id := range ids {
				if ni, ok := idx[id]; ok {
					tl.nodes = append(tl.nodes, ni)
					tl.shares = append(tl.shares, float32(l.Nodes[id]))
					tl.top = max(tl.top, float32(l.Nodes[id]))
					tl.weight += 2 * float32(l.Nodes[id])
					fmt.Fprintf(h, "label %q %s %g\n", l.Words, id, l.Nodes[id])
				}
			}
			tl.weight = min(1, tl.weight)
			tl.prefix, tl.column = l.Prefix, l.Column
			if l.Prefix {
				fmt.Fprintf(h, "prefix %q\n", l.Words)
			}
			if l.Column {
				fmt.Fprintf(h, "column %q\n", l.Words)
			}
			li := int32(len(t.labels))
			t.labels = append(t.labels, tl)
			seen := map[int]bool{} // semiconductor and semiconductors are one pattern
			for _, w := range l.Words {
				if id := add(w); id >= 0 && !seen[id] {
					seen[id] = true
					t.patterns[id].labels = append(t.patterns[id].labels, posting{node: li, keyword: t.word(w)})
				}
			}
		}
		for _, hd := range c.Heads {
			ni, ok := idx[hd.Node]
			if !ok {
				continue
			}
			keywords := slices.Concat(c.Nodes[ni-base].Keywords, c.Nodes[ni-base].KeywordsEN)
			for _, w := range hd.Words {
				if id := add(w); id >= 0 {
					t.patterns[id].heads = appendUnique(t.patterns[id].heads, ni)
					t.patterns[id].headWord = t.word(w)
				}
				for _, kw := range keywords {
					if len(kw) > len(w) && strings.HasSuffix(kw, w) && (!asciiWord([]byte(w)) || kw[len(kw)-len(w)-1] == ' ') {
						if t.headed == nil {
							t.headed = map[[2]int32]bool{}
						}
						t.headed[[2]int32{ni, t.word(kw)}] = true
					}
				}
			}
		}
		for _, e := range c.Edges {
			from, ok1 := idx[e.From]
			to, ok2 := idx[e.To]
			if ok1 && ok2 {
				t.supplies[[2]int32{from, to}] = true
				fmt.Fprintf(h, "edge %s %s\n", e.From, e.To)
			}
		}
		// Supply reaches down the chain: castings supply car makers through the
		// powertrain (新能源汽车电机壳体 is a casting).
		n := int32(len(c.Nodes))
		for k := base; k < base+n; k++ {
			for i := base; i < base+n; i++ {
				for j := base; j < base+n; j++ {
					if i != j && t.supplies[[2]int32{i, k}] && t.supplies[[2]int32{k, j}] {
						t.supplies[[2]int32{i, j}] = true
					}
				}
			}
		}
	}
	for _, m := range []struct {
		mark  uint8
		words []string
	}{{markCustomer, customerMarks}, {markSupply, []string{"供应", "配套"}}, {markFor, []string{"为"}}, {markService, serviceHeads},
		{markServiceZH, serviceHeadsZH}, {markServiceZH, clientsOf}, {markServe, []string{"服务"}}, {markUse, useMarks}, {markMaking, makingHeads}, {markImport, importMarks}, {markPart, partHeads}, {markParts, partsHeads},
		{markWaste, wasteMarks}, {markGive, []string{"供"}}, {markWon, []string{"获得"}}, {markForEN, customerMarksEN}, {markForEN, []string{"to", "supplying"}},
		{markPastEnd, pastEnds}, {markPastStart, pastStarts}} {
		for _, w := range m.words {
			if id := add(w); id >= 0 {
				t.patterns[id].mark = m.mark
			}
		}
	}
	// A machine of GB/T 4754 major group 34 or 35 named after what it makes
	// (光伏组件串焊机, 晶圆清洗设备, 茶叶杀青机) is a head of machinery too.
	for _, c := range chains {
		for _, n := range c.Nodes {
			if !slices.ContainsFunc(n.Industries, func(code string) bool {
				return strings.HasPrefix(code, "34") || strings.HasPrefix(code, "35")
			}) {
				continue
			}
			for _, kw := range n.Keywords {
				id, ok := byText[normalizeKeyword(kw)]
				switch {
				case !ok || t.patterns[id].mark != 0:
				case hasAnySuffix([]byte(kw), machineEnds...):
					t.patterns[id].mark = markMaking
				default:
					t.patterns[id].machine = true
				}
			}
		}
	}
	t.ac = buildAutomaton(texts)
	t.texts = texts
	var keywords []string
	for id, p := range t.patterns {
		if len(p.pos) > 0 {
			keywords = append(keywords, texts[id])
		}
	}
	t.shared = newSharedParts(keywords)
	t.version = tagVersion + "-" + hex.EncodeToString(h.Sum(nil))[:16]
	t.scratch.New = func() any { return new(tagScratch) }
	return t
}

// patternText maps each normalised pattern to its id (for tests and tools).
func (t *Tagger) patternText() map[string]int {
	m := make(map[string]int, len(t.texts))
	for id, s := range t.texts {
		m[s] = id
	}
	return m
}

// word interns s in the evidence string table.
func (t *Tagger) word(s string) int32 {
	id, ok := t.wordID[s]
	if !ok {
		id = int32(len(t.words))
		t.wordID[s] = id
		t.words = append(t.words, s)
	}
	return id
}

// appendUnique appends v to s unless s holds it.
func appendUnique[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// Version identifies the chain vocabulary and tagging algorithm: stored tags made
// under another version should be recomputed.
func (t *Tagger) Version() string { return t.version }

// Enterprise returns e's node tags, most confident first. It reads the name (zh and
// en), scope (经营范围), products, industry label and GB/T 4754 industry code; it does
// not modify e.
func (t *Tagger) Enterprise(e *chainmatch.Enterprise) []chainmatch.NodeTag {
	s := t.scratch.Get().(*tagScratch)
	defer t.scratch.Put(s)
	return t.enterprise(s, e)
}

func (t *Tagger) enterprise(s *tagScratch, e *chainmatch.Enterprise) []chainmatch.NodeTag {
	s.reset()
	t.scan(s, fName, weightName, e.Name)
	t.scan(s, fNameEN, weightName, e.NameEN)
	scope := chainmatch.OwnScope(e.Scope, e.Industry) // what repeats the label is no second evidence
	t.scan(s, fScope, weightScope, shareTail(scope))
	s.ownText = strings.TrimSpace(scope) != ""
	s.repeated = len(scope) != len(e.Scope)
	t.scan(s, fProducts, weightProducts, shareTail(e.Products))
	s.ownText = s.ownText || strings.TrimSpace(e.Products) != ""
	t.scanIndustry(s, e.Industry)
	s.serviceClass = serviceColumn(e.Industry)
	code := e.IndustryCode
	if code == "" {
		// exports often write "C3670 汽车零部件及配件制造" in one column, or
		// a path whose levels carry their codes: the most specific one counts
		code = e.Industry
		if strings.ContainsAny(code, chainmatch.PathMarks) {
			levels := chainmatch.IndustryLevels(code)
			for i := len(levels) - 1; i >= 0; i-- {
				if code = levels[i]; industryDigits(code) != "" {
					break
				}
			}
		}
	}
	t.codeEvidence(s, code)
	return t.collect(s)
}

// scanIndustry scans an industry column. One written as a path through the
// classification's levels (制造业-汽车制造业-汽车零部件及配件制造, 制造业 > 汽车制造业,
// as registers export it) is read at its most specific level that names a node,
// not at every level: the broader levels hold no more than the narrower one says,
// and a division's name is no product (汽车制造业 holds parts makers too).
func (t *Tagger) scanIndustry(s *tagScratch, industry string) {
	if !strings.ContainsAny(industry, chainmatch.PathMarks) {
		t.scan(s, fIndustry, weightIndustry, industry) // a label or a class name: one level
		s.classColumn = className(industry)
		s.castingClass = s.castingClass || castingColumn(industry)
		return
	}
	levels := chainmatch.IndustryLevels(industry)
	for i := len(levels) - 1; i >= 0; i-- {
		n := len(s.ev)
		t.scan(s, fIndustry, weightIndustry, levels[i])
		if slices.ContainsFunc(s.ev[n:], func(e tagEvidence) bool { return !e.dropped }) {
			s.classColumn = className(levels[i])
			s.castingClass = s.castingClass || castingColumn(levels[i])
			return
		}
	}
}

// castingColumn reports whether an industry column names a class of
// castingClasses by its name (黑色金属铸造, 锻件及粉末冶金制品制造); codeEvidence
// reads its code.
func castingColumn(col string) bool {
	col = strings.TrimSpace(col)
	return strings.HasSuffix(col, "金属铸造") || strings.HasSuffix(col, "锻件及粉末冶金制品制造")
}

// Talent returns t's node tags from the field, expertise and institution text.
func (t *Tagger) Talent(p *chainmatch.Talent) []chainmatch.NodeTag {
	s := t.scratch.Get().(*tagScratch)
	defer t.scratch.Put(s)
	return t.talent(s, p)
}

func (t *Tagger) talent(s *tagScratch, p *chainmatch.Talent) []chainmatch.NodeTag {
	s.reset()
	t.scan(s, fField, weightField, p.Field)
	t.scan(s, fExpertise, weightExpertise, p.Expertise)
	t.scan(s, fInstitution, weightInstitution, p.Institution)
	if subjectField(p.Field) || historyOnly(p.Expertise) {
		// a statistician of e-bike fires, a lawyer of car patents, a historian
		// of metallurgy: the chain is what they study, not what a firm of it
		// would hire them for
		for i := range s.ev {
			if e := &s.ev[i]; !e.dropped {
				e.drop(asideCustomer)
				e.customer = true
			}
		}
	}
	for i := range s.ev {
		// a hospital is where a clinician works, not what a firm hires for
		if e := &s.ev[i]; !e.dropped && e.field == fInstitution && t.words[e.match] == "医院" {
			e.drop(asideCustomer)
		}
	}
	t.narrowTalent(s)
	return t.collect(s)
}

// subjectField reports whether a talent's discipline is one of the humanities,
// social sciences, law, economics or statistics, whose people take a chain as
// the subject of their study: the firms of the chain do not recruit them for
// what they know of it.
func subjectField(field string) bool {
	f := strings.ToLower(strings.TrimSpace(field))
	return f != "" && slices.ContainsFunc(subjectFields, func(w string) bool { return strings.Contains(f, w) })
}

// historyOnly reports whether every item of an expertise is a history or an
// archaeology (中国古代冶金史；青铜器材料考古).
func historyOnly(expertise string) bool {
	n := 0
	for item := range strings.FieldsFuncSeq(expertise, func(r rune) bool { return strings.ContainsRune("；;，,、。", r) }) {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if !slices.ContainsFunc(historyEnds, func(e string) bool { return strings.HasSuffix(item, e) }) {
			return false
		}
		n++
	}
	return n > 0
}

var historyEnds = []string{"史", "史研究", "考古", "考证"}

var subjectFields = []string{"统计学", "法学", "法律", "经济学", "金融学", "会计学", "历史学", "科学技术史", "科技史", "哲学",
	"新闻传播", "社会学", "教育学", "文学", "law", "economics", "statistics", "history", "philosophy", "sociology", "journalism"}

// narrowTalent: a talent's discipline and employer are broad, as a firm's
// industry column is: where the expertise names nodes, their evidence in a chain
// the expertise does not name is set aside (材料科学与工程 beside 医用导管、
// 可吸收缝合线, an 汽车与交通工程学院 beside 热泵空调系统), and at the other nodes
// of the expertise's chains counts half.
func (t *Tagger) narrowTalent(s *tagScratch) {
	var named uint64
	var nodes []int32
	for i := range s.ev {
		if e := &s.ev[i]; !e.dropped && !e.label && !e.contextual && e.field == fExpertise {
			named |= chainBit(t.nodes[e.node].chainIdx)
			nodes = append(nodes, e.node)
		}
	}
	if named == 0 {
		return
	}
	for i := range s.ev {
		switch e := &s.ev[i]; {
		case e.dropped || e.field == fExpertise:
		case named&chainBit(t.nodes[e.node].chainIdx) == 0:
			e.drop(asideBroadField)
		case !slices.Contains(nodes, e.node):
			e.weight /= 2
		}
	}
}

// tagScratch is the per-call working memory, reused through a sync.Pool.
type tagScratch struct {
	buf    []byte
	full   []byte // buf with the shared parts of its coordinations written out (completeShared)
	two    []bool // per word of the field scanned, whether a word of another chain has its span
	hits   []acHit
	negs   []acHit
	ev     []tagEvidence
	contra []int32 // nodes ruled out by contrary evidence
	// nodes ruled out by contrary evidence in the industry column only: they
	// rule out the column's own evidence there, not the record's own words
	contraInd []int32
	ctx       []int32       // chains named by non-contextual evidence
	enabled   []int32       // nodes whose contextual words a context word enables (Node.Context)
	spans     []custSpan    // customers' spans (markCustomers)
	services  []serviceSpan // those of them that are a service's clients
	// narrowIndustry: nodes and chains the record's own words name, the chains
	// its scope or products name, and the chains and nodes its keywords name
	own, ownChains, scopeChains, kwChains, kwNodes, colChains []int32
	ownKwChains                                               []int32 // kwChains outside catalogue items
	// sideLines: the chains and nodes the scope's main item names, and the
	// chains its side lines may place the firm in
	mainItem, mainNodes, licensed []int32
	// ownText: the record has a scope or products of its own (not a copy of its
	// industry column)
	ownText bool
	// classColumn: the industry column was read at a manufacturing class's name;
	// repeated: the scope repeats the column in an item (OwnScope)
	classColumn, repeated bool
	// classGroup: the industry code is a class no node holds, read at its
	// group's nodes (codeEvidence); tradeCode: a class of trade (51, 52)
	classGroup, tradeCode bool
	classCode             bool // the industry code is a manufacturing class a node holds
	makerClass            bool // the industry code is a manufacturing class (section C)
	castingClass          bool // the industry code or class is a foundry's or forge's (castingClasses)
	serviceClass          bool // the industry column names a service (serviceColumn)
	standard              bool // the scope is in the standard wording (一般项目：…)
	// mainOutside: the scope's main item names no chain (mainBusiness)
	mainOutside bool
	// market: the chains whose words the record's own text names only as the
	// clients of a service it offers (markService, markServiceZH) or as goods
	// it sells (traders); vetoed: the (node, keyword) pairs a negative vetoed
	// there (机器人 of 机器人编程)
	market uint64
	vetoed [][2]int32
	// kinds: the (node, keyword) pairs vetoed by a negative that names a kind
	// of the keyword, ending with it (服务机器人 of 机器人)
	kinds [][2]int32
	// serviceFirm: the first clause of the record's own text names it a
	// service firm (a law firm, an investment holding company, 知识产权代理机构)
	serviceFirm bool
	// clientsOnly: the name ends in a service that trades and makes nothing
	// (人力资源, 咨询, 投资管理: nameRole): every chain its text names is a client
	clientsOnly bool
	// generalStore: the firm is filed under general merchandise (5211 百货零售,
	// 5212 超级市场零售 …) or the trade of goods no node holds (5174 五金产品批发),
	// or named a general store (某某百货商行, 某某日杂商店)
	generalStore bool
}

// tagEvidence is kept free of pointers so sorting it is a plain memory move.
type tagEvidence struct {
	node       int32
	match      int32 // index into Tagger.words
	start, end int32
	weight     float32
	field      uint8 // index into fieldNames
	code       bool  // an industry-code match, else a keyword
	broad      bool  // an industry code, or its class name in the column, that nodes of three or more chains hold
	contextual bool  // counts only where the record names the chain otherwise
	label      bool  // a chain label's share
	dropped    bool
	customer   bool // dropped as the customer of another node's word; still the chain's context
	// in a registered scope: in its main item, in a later catalogue item, in
	// any catalogue item (mainBusiness)
	main, side, catalogue bool
	traded                bool // goods a trade clause names (轴承销售)
	serviced              bool // goods a service clause names (空调、冰箱维修)
	tooled                bool // goods a tool later in the item is for (汽车覆盖件模具): generics
	// byField: a word of two chains that its item left open, set aside for the
	// chain the field's other words name (scan); the industry class may settle
	// it the other way (columnSettles)
	byField bool
	why     setAside // why a rule dropped it (Explain), 0 when none says
}

// asciiWord reports whether w is English (no byte outside ASCII), where a
// compound's head comes last.
func asciiWord(w []byte) bool {
	return bytes.IndexFunc(w, func(r rune) bool { return r >= utf8.RuneSelf }) < 0
}

// inside reports whether e's word lies within o's, o being the longer.
func (e *tagEvidence) inside(o *tagEvidence) bool {
	return o.start <= e.start && e.end <= o.end && o.end-o.start > e.end-e.start
}

// drop sets e aside for the reason why (the first reason given stays).
func (e *tagEvidence) drop(why setAside) {
	e.dropped = true
	if e.why == 0 {
		e.why = why
	}
}

var fieldNames = []string{FieldIndustry, FieldField, FieldName, FieldExpertise, FieldNameEN, FieldProducts, FieldScope, FieldInstitution, FieldIndustryCode}

const (
	fIndustry uint8 = iota
	fField
	fName
	fExpertise
	fNameEN
	fProducts
	fScope
	fInstitution
	fIndustryCode
)

func (s *tagScratch) reset() {
	s.ev = s.ev[:0]
	s.contra, s.contraInd = s.contra[:0], s.contraInd[:0]
	s.ctx, s.enabled = s.ctx[:0], s.enabled[:0]
	s.ownText = false
	s.classColumn, s.repeated, s.mainOutside, s.classGroup, s.tradeCode, s.classCode, s.standard = false, false, false, false, false, false, false
	s.makerClass, s.serviceClass, s.castingClass = false, false, false
	s.market, s.vetoed, s.kinds, s.serviceFirm, s.clientsOnly, s.generalStore = 0, s.vetoed[:0], s.kinds[:0], false, false, false
}

// className reports whether an industry column's level is the name of a
// manufacturing class (汽车零部件及配件制造, 中药饮片加工), not a division
// (专用设备制造业), a section or a data vendor's sector label (半导体, 医疗保健).
func className(level string) bool {
	level = strings.TrimSpace(level)
	return strings.HasSuffix(level, "制造") || strings.HasSuffix(level, "加工")
}

// serviceColumn reports whether an industry column's most specific level names
// a service, neither making nor trade: 道路货物运输, 计算机和辅助设备修理,
// O8113 摩托车修理与维护.
func serviceColumn(industry string) bool {
	last := chainmatch.ColumnClass(industry)
	return hasAnySuffix([]byte(last), serviceColumnEnds...) &&
		!slices.ContainsFunc([]string{"批发", "零售", "销售", "贸易"}, func(w string) bool { return strings.Contains(last, w) })
}

// serviceColumnEnds end the classes and divisions of services.
var serviceColumnEnds = []string{"运输", "运输业", "仓储", "仓储业", "邮政业", "物流", "修理", "维修", "维护", "修理业", "服务", "服务业", "装卸搬运"}

// A field is read up to its first maxFieldText bytes and its first maxFieldHits
// keyword hits: far more than a registered scope holds (about 200 hits in 2,000
// characters), while the passes over pairs of a field's words keep a
// pathological field (a product list pasted a thousand times) to milliseconds.
const (
	maxFieldText = 32 << 10
	maxFieldHits = 512
)

// scan matches one field and appends its keyword evidence, after negative vetoes
// and after dropping a hit that a longer hit of another node of the same chain
// contains (电动车控制器 is a controller, not an e-bike), or, for a contextual
// word, a longer keyword hit of any chain (医疗设备 is not chip equipment).
func (t *Tagger) scan(s *tagScratch, field uint8, weight float32, text string) {
	if text == "" {
		return
	}
	if len(text) > maxFieldText {
		text = strings.ToValidUTF8(text[:maxFieldText], "")
	}
	s.buf = normalizeText(s.buf[:0], text)
	s.hits = t.ac.find(s.buf, s.hits[:0])
	if field == fScope || field == fProducts || field == fExpertise {
		s.completeShared(t)
	}
	if len(s.hits) > maxFieldHits {
		s.hits = s.hits[:maxFieldHits]
	}
	s.negs = s.negs[:0]
	for _, h := range s.hits {
		if len(t.patterns[h.pattern].neg) > 0 {
			s.negs = append(s.negs, h)
		}
	}
	first := len(s.ev)
	role, roleAt := nameNone, int32(-1)
	if field == fName {
		role, roleAt = nameRole(s.buf)
		s.clientsOnly = role == nameService && !hasAnyPrefix(s.buf[roleAt:], "物流", "供应链")
		s.generalStore = s.generalStore || role == nameTrade && hasAnySuffix(s.buf[:roleAt], generalGoods...)
	}
	leadItem, lead := int32(-1), false // tradeLead of the last item read
	for _, h := range s.hits {
		w, trade := weight, false
		pat := &t.patterns[h.pattern]
		if pat.upper != "" && !strings.Contains(text, pat.upper) {
			continue // "its own brand", "etc."
		}
		if excluded(s.buf, h.start) {
			continue // 电动自行车零售（不含电动自行车整车）
		}
		s.enabled = append(s.enabled, pat.enables...)
		if len(pat.pos)+len(pat.labels) > 0 && (field == fScope || field == fIndustry) {
			if from := int32(bytes.LastIndexByte(s.buf[:h.start], '|') + 1); from != leadItem {
				leadItem, lead = from, tradeLead(s.buf, from)
			}
			trade = tradeClause(s.buf, int(h.end)) || lead || tradeClauseEN(s.buf, h.start, h.end)
		}
		if trade || role == nameTrade && h.end <= roleAt {
			w, trade = w*tradeFactor, true
		}
		// goods a trade clause names, not a trade or service node's own word
		// (电动自行车销售, 机器人维修)
		traded := trade && !hasAnySuffix(s.buf[:h.end], tradeEndings...) && !hasAnySuffix(s.buf[:h.end], serviceEndings...)
		serviced := !trade && (field == fScope || field == fProducts || field == fIndustry) && !hasAnySuffix(s.buf[:h.end], serviceEndings...) &&
			(serviceClause(s.buf, int(h.end)) || serviceClauseEN(s.buf, h.start, h.end))
		for _, p := range pat.pos {
			if t.vetoed(s.negs, p.node, h) {
				if field != fIndustry {
					s.vetoed = append(s.vetoed, [2]int32{p.node, p.keyword})
					if t.vetoedKind(s.negs, p.node, h) {
						s.kinds = append(s.kinds, [2]int32{p.node, p.keyword})
					}
				}
				continue
			}
			s.ev = append(s.ev, tagEvidence{node: p.node, field: field, match: p.keyword,
				weight: w, start: h.start, end: h.end, traded: traded, serviced: serviced})
		}
		for _, p := range pat.ctx {
			if t.vetoed(s.negs, p.node, h) {
				continue
			}
			s.ev = append(s.ev, tagEvidence{node: p.node, field: field, match: p.keyword,
				weight: w, start: h.start, end: h.end, contextual: true, traded: traded, serviced: serviced})
		}
		for _, p := range pat.labels {
			l := &t.labels[p.node]
			if l.column && field != fIndustry {
				continue
			}
			// A material's label right before a part or a product (塑料件, 橡胶配件,
			// 塑料外壳, 塑料玩具) is what the thing is made of: its maker makes
			// the thing, not the material, unless what follows is the material
			// itself (塑料原料, 塑料粒子). The chain's own name (新材料…) names
			// no material.
			if t.material[l.chainIdx] && field != fIndustry && hanNext(s.buf[h.end:]) && !hasAnyPrefix(s.buf[h.end:], materialTails...) &&
				!strings.HasSuffix(t.words[p.keyword], "材料") {
				continue
			}
			// A label right before a place (新能源大厦, 新材料物流园) names the
			// place's theme, not what a firm makes there; a product's label right
			// before 包装 (家用电器包装缓冲泡沫), what the packaging is for; and
			// a label in the brackets right after another chain's keyword, the
			// keyword's kinds or forms (保健食品（片剂、胶囊剂）).
			if field != fIndustry && (hasAnyPrefix(s.buf[h.end:], placeHeads...) ||
				!t.material[l.chainIdx] && bytes.HasPrefix(s.buf[h.end:], []byte("包装")) || t.bracketOf(s, h, l.chainIdx)) {
				continue
			}
			// A label of a chain that makes no vehicle, before a vehicle within
			// four characters (新能源物流车, 新能源城市物流车, 新能源营运车辆), says
			// what drives the vehicle, not what the firm makes.
			if field != fIndustry && !t.vehicles[l.chainIdx] && vehicleAfter(s.buf[h.end:]) {
				continue
			}
			// A negative of any of the label's nodes that covers the word says
			// the phrase is not the label (机械设备租赁, 太阳能电池).
			if l.prefix && !t.modifies(s, h, l.chainIdx) || !l.prefix && t.qualifiesOther(s, h, l.chainIdx) ||
				slices.ContainsFunc(l.nodes, func(n int32) bool { return t.vetoed(s.negs, n, h) }) {
				continue
			}
			// A trader of a broad class (塑料制品销售) is not placed by it; the
			// word still gives its chain context, as a customer's does
			// (两轮电动车跨境出口贸易 is an exporter).
			var why setAside
			if trade {
				why = asideTradeLabel
			}
			for k, n := range l.nodes {
				s.ev = append(s.ev, tagEvidence{node: n, field: field, match: p.keyword,
					weight: weight * l.weight * l.shares[k] / l.top, start: h.start, end: h.end, label: true,
					dropped: trade, customer: trade, why: why, serviced: serviced})
			}
		}
		if field == fIndustry {
			s.contraInd = append(s.contraInd, pat.contra...)
		} else {
			s.contra = append(s.contra, pat.contra...)
		}
	}
	fresh := s.ev[first:]
	for i := range fresh {
		if e := &fresh[i]; e.end > roleAt {
			continue
		} else if role == nameService {
			e.drop(asideCustomer)
			e.customer = true
			s.market |= chainBit(t.nodes[e.node].chainIdx)
		} else if role == nameRepair {
			e.serviced = true // what a repair shop's name names it repairs (servicers)
		}
	}
	// A short contextual word at the end of a compound (航拍设备, 软件测试,
	// 传动链条) is what its modifiers make it: it counts only where a word of
	// its chain comes before it in the same item (芯片测试设备, 半导体特种封装,
	// 自行车链条); items are separated by spaces (from 、 or /) and clause
	// marks.
	for i := range fresh {
		a := &fresh[i]
		if !a.contextual || a.end-a.start > twoHan || !compound(s.buf, a.start) {
			continue
		}
		a.dropped = !t.itemNames(s, fresh, a, "| ")
	}
	// A word of two chains (锻件 of car parts and of machinery, 空调压缩机 of cars
	// and of appliances, 锂电池 of e-bikes and of batteries) is the chain's that a
	// word before it in the same item, or a longer word holding it, names, when
	// the other's does not: 汽车转向节锻件 is a car part, not machinery's forging;
	// 汽车密封件 a car's seal; 电动自行车锂电池 an e-bike pack, not a traction
	// battery; 新能源汽车电动空调压缩机 a car's compressor. A material's word
	// stays in the materials chain too (Chain.Materials): 锂电池正极材料.
	for i := range fresh {
		a := &fresh[i]
		if a.dropped || a.label || !t.named(s, fresh, a) {
			continue
		}
		for j := range fresh {
			b := &fresh[j]
			if !b.dropped && !b.label && b.start == a.start && b.end == a.end &&
				t.nodes[b.node].chainIdx != t.nodes[a.node].chainIdx && !t.named(s, fresh, b) && !t.material[t.nodes[b.node].chainIdx] {
				b.drop(asideOtherChain)
			}
		}
	}
	// Where neither chain is named in the word's item, the field's other words
	// settle it: the word is the chain's that a keyword elsewhere in the field
	// names (itself of one chain only and not ruled out), when no word there
	// names the other (冰箱、空调压缩机制造 makes appliance compressors; 电动三轮车、
	// 锂电池 e-bike packs). s.two[i]: a word of another chain has fresh[i]'s
	// span (computed once, so that these passes stay quadratic in the field's
	// words).
	s.two = s.two[:0]
	for i := range fresh {
		b := &fresh[i]
		s.two = append(s.two, slices.ContainsFunc(fresh, func(c tagEvidence) bool {
			return c.start == b.start && c.end == b.end && t.nodes[c.node].chainIdx != t.nodes[b.node].chainIdx
		}))
	}
	elsewhere := func(a *tagEvidence, chain int32, keyword bool) bool {
		for k := range fresh {
			b := &fresh[k]
			if !b.dropped && !b.contextual && t.nodes[b.node].chainIdx == chain && (b.end <= a.start || b.start >= a.end) &&
				(!keyword || !b.label && !slices.Contains(s.contra, b.node) && !s.two[k]) {
				return true
			}
		}
		return false
	}
	for i := range fresh {
		a := &fresh[i]
		if a.dropped || a.label || !s.two[i] || !elsewhere(a, t.nodes[a.node].chainIdx, true) {
			continue
		}
		for j := range fresh {
			b := &fresh[j]
			if !b.dropped && !b.label && b.start == a.start && b.end == a.end && t.nodes[b.node].chainIdx != t.nodes[a.node].chainIdx &&
				!t.material[t.nodes[b.node].chainIdx] && !elsewhere(a, t.nodes[b.node].chainIdx, false) {
				b.drop(asideOtherChain)
				b.byField = true
			}
		}
	}
	for i := range fresh {
		a := &fresh[i]
		for j := range fresh {
			b := &fresh[j]
			if i == j || a.node == b.node && !a.label {
				continue
			}
			// A label word that starts inside a keyword of its chain only goes on
			// with that keyword: 农业机械制造 makes farm machinery, not the
			// 机械制造 that spreads over every node of machinery.
			if a.label && !b.label && !b.contextual && b.start < a.start && a.start < b.end && b.end < a.end &&
				t.nodes[a.node].chainIdx == t.nodes[b.node].chainIdx {
				a.dropped = true
				break
			}
			if b.label {
				// A label word inside a longer label word of its chain is that
				// word's reading, not a second label: 化学制药 is not also the 制药
				// that spreads over biologics, 电子元器件 counts once.
				if a.label && !b.dropped && t.nodes[a.node].chainIdx == t.nodes[b.node].chainIdx && a.inside(b) {
					a.dropped = true
					break
				}
				continue
			}
			if t.nodes[a.node].chainIdx != t.nodes[b.node].chainIdx {
				// Across chains a component's word that ends a keyword of another
				// chain's component node, one of its heads (Chain.Heads), is
				// that chain's kind of it: 扁线电机 is a car's drive motor, not
				// also a motor of machinery; 压缩机电机 an appliance's. So is
				// the last word of any English keyword: a door seal is no
				// fluid-power seal, a prefilled syringe no consumable.
				if !a.label && !b.contextual && a.end == b.end && b.start < a.start && (t.headed[[2]int32{b.node, b.match}] || asciiWord(s.buf[b.start:b.end])) {
					a.drop(asideOtherChain)
					break
				}
				// A word that starts a longer keyword of another chain is
				// what that keyword is for or of: 电机壳体 is a housing, 轴承钢
				// steel.
				if !a.label && !b.contextual && a.start == b.start && a.end < b.end {
					a.drop(asideCustomer)
					a.customer = true
					break
				}
				// Otherwise only a contextual word gives way: 医疗设备 is
				// medical equipment, not the 设备 of chip equipment; and one
				// that runs straight into the other chain's word only
				// qualifies it: 车规级IGBT模块 is a power device.
				if !a.contextual || b.contextual {
					continue
				}
				if !a.label && b.start == a.end {
					a.drop(asideCustomer)
					a.customer = true
					break
				}
			}
			if a.inside(b) {
				a.dropped = true
				if a.start == b.start && !a.label && !a.contextual && (t.supplies[[2]int32{b.node, a.node}] || t.supplies[[2]int32{a.node, b.node}]) {
					t.coordinatedCustomers(s, fresh, a, b) // 摩托车、电动车控制器
				}
				break
			}
			// Of two words of nodes linked by supply, the head of a Chinese
			// compound comes last: a word running into the next (overlapping it,
			// right before it, before 用, or before the material the head is made
			// of: 光伏组件铝合金边框) only qualifies it, so 新能源汽车座椅 makes
			// seats, not cars, 锂电池正极材料 cathode material, not cells, and
			// 动力电池梯次利用 reuses batteries; unless the head is an activity
			// (抗体药物研发 is still a biologic). In English the customer
			// follows "for" (hub motors for e-bikes make motors).
			if a.contextual {
				continue
			}
			supplies, supplied := t.supplies[[2]int32{b.node, a.node}], t.supplies[[2]int32{a.node, b.node}]
			chinese := (supplies || supplied) && a.start < b.start && a.end < b.end && !activity(s.buf, b.end) &&
				!hasAnySuffix(s.buf[:a.end], processEnds...) && (b.start <= a.end || forUse(s.buf[a.end:b.start]) ||
				partMaterial(s.buf[a.end:b.start]) || ofHead(s.buf, a.end, b))
			english := supplies && b.end <= a.start && forCustomer(s.buf[b.end:a.start])
			if chinese || english {
				a.dropped, a.customer = true, true
				if chinese {
					t.coordinatedCustomers(s, fresh, a, b)
				}
				break
			}
		}
	}
	t.markCustomers(s, fresh)
	if field == fScope || field == fProducts {
		s.serviceFirm = s.serviceFirm || serviceFirst(s.buf)
	}
	if field == fScope {
		s.generalStore = s.generalStore || generalFirst(s.buf) // 一般项目：日用百货销售；电动自行车销售；五金产品零售
	}
	// goods that a tool of a generic node later in their item is for (汽车覆盖件
	// 模具, 医疗器械精密注塑模具): the firm makes the tool (generics)
	for _, g := range fresh {
		if !t.nodes[g.node].generic || !hasAnySuffix(s.buf[:g.end], toolWords...) || itemStart(s.buf, g.start) == g.start {
			continue
		}
		for i := range fresh {
			if a := &fresh[i]; !t.nodes[a.node].generic && g.start >= a.end && bytes.IndexByte(s.buf[a.end:g.start], '|') < 0 {
				a.tooled = true
			}
		}
	}
	if field == fScope && dealer(s.buf) {
		for i := range fresh {
			fresh[i].traded = true
		}
	}
	// A word inside a customer's word is the customer too (bicycle of
	// "packs for electric bicycles").
	for i := range fresh {
		a := &fresh[i]
		for j := range fresh {
			if b := &fresh[j]; !a.dropped && b.customer && a.node == b.node && b.start <= a.start && a.end <= b.end {
				a.dropped, a.customer = true, true
				break
			}
		}
	}
	t.componentHeads(s, fresh)
	t.labelHeads(s, s.ev[first:], field, weight)
	t.crossChainUse(s, s.ev[first:])
	t.headsInClause(s, s.ev[first:])
	if field == fScope {
		t.mainBusiness(s, fresh)
	}
}

// mainBusiness marks, in a registered scope (registerMarks: the standard wording
// 一般项目：…；许可项目：…, or an older one closing with 货物进出口 or the note
// 依法须经批准的项目…), the evidence of the first item that names a chain, the firm's
// main business (主营项目, which sets its industry class), and the evidence of
// later short catalogue items (catalogueItem), which sideLines drops where
// they name only other chains: 模具制造 beside 塑料制品制造 is a side line. An
// earlier item in the firm's own words that makes what no chain holds is the
// main business instead (门窗五金件、锁具的生产；…；模具制造): then every later
// catalogue item is a side line.
func (t *Tagger) mainBusiness(s *tagScratch, fresh []tagEvidence) {
	if !slices.ContainsFunc(registerMarks, func(m string) bool { return bytes.Contains(s.buf, []byte(m)) }) {
		return
	}
	s.standard = slices.ContainsFunc(registerHeads, func(h string) bool { return bytes.Contains(s.buf, []byte(h)) })
	item := func(e *tagEvidence) int { return bytes.Count(s.buf[:e.start], []byte("|")) }
	first := -1
	for i := range fresh {
		if e := &fresh[i]; !e.dropped && (first < 0 || item(e) < first) {
			first = item(e)
		}
	}
	// An earlier item that makes something no chain holds is the main business
	// (门窗五金件、锁具的生产 before 模具制造).
	if k := firstMaking(s.buf); k >= 0 && (first < 0 || k < first) {
		first, s.mainOutside = k, true
	}
	// So is the standard wording's first item, where it makes something
	// (建筑陶瓷制品加工制造 before 特种陶瓷制品制造): the register lists the main
	// business first. A licensed item that names a chain (许可项目：药品生产)
	// needs a licence no side line does, and keeps its own weight.
	if k := firstItem(s.buf); k >= 0 && (first < 0 || k < first) && catalogueMaking(s.buf, k) &&
		!slices.ContainsFunc(fresh, func(e tagEvidence) bool { return !e.dropped && licensedItem(s.buf, e.start) }) {
		first, s.mainOutside = k, true
	}
	for i := range fresh {
		if e := &fresh[i]; !e.dropped {
			e.main = item(e) == first
			e.catalogue = catalogueItem(s.buf, e.start)
			e.side = !e.main && e.catalogue
		}
	}
}

// itemVerbs are the verbs a firm lists after its goods in its own wording
// (…研发、生产、销售), as the catalogue's entries never do.
var itemVerbs = []string{"生产", "制造", "加工", "销售", "研发", "开发", "设计", "安装", "维修", "服务"}

// registerMarks are words only a registered business scope has: the headings of
// the standard wording since 2021 and the notes and trade rights that older
// scopes close with.
var registerMarks = []string{"一般项目", "许可项目", "依法须经批准", "货物进出口", "技术进出口", "进出口业务"}

// firstItem returns the index of the first item of a scope in the standard
// wording that opens with 一般项目, or -1. Where 许可项目 opens it, its first item
// is often a licence's name (道路机动车辆生产, 第二类医疗器械生产), not the business.
func firstItem(buf []byte) int {
	k := 0
	for item := range bytes.SplitSeq(buf, []byte("|")) {
		if w := bytes.TrimSpace(item); registerHead(w) && bytes.IndexByte(w, ' ') < 0 {
			if !bytes.Equal(w, []byte("一般项目")) {
				return -1
			}
			return k + 1
		}
		k++
	}
	return -1
}

// licensedItem reports whether start lies under the heading 许可项目.
func licensedItem(buf []byte, start int32) bool {
	return bytes.LastIndex(buf[:start], []byte("许可项目")) > bytes.LastIndex(buf[:start], []byte("一般项目"))
}

// catalogueMaking reports whether item k of buf ends, outside brackets, in a verb
// of making (五金产品制造, 建筑陶瓷制品加工制造).
func catalogueMaking(buf []byte, k int) bool {
	var item []byte
	for it := range bytes.SplitSeq(buf, []byte("|")) {
		if k == 0 {
			item = it
			break
		}
		k--
	}
	if i := bytes.IndexByte(item, '('); i >= 0 {
		item = item[:i]
	}
	return hasAnySuffix(bytes.TrimSpace(item), "制造", "加工", "生产")
}

// firstMaking returns the index of the first item of a scope (items are
// separated by |) in the firm's own words that makes something: …的生产, …的制造,
// …的加工; or -1.
func firstMaking(buf []byte) int {
	for k, at := 0, 0; at <= len(buf); k++ {
		end := bytes.IndexByte(buf[at:], '|')
		if end < 0 {
			end = len(buf) - at
		}
		if ownMaking(buf[at : at+end]) {
			return k
		}
		at += end + 1
	}
	return -1
}

// ownMaking reports whether an item, outside brackets (a remark such as
// （依法须经批准的项目…） is no part of it), holds a 的 and 制造, 生产 or 加工.
func ownMaking(item []byte) bool {
	depth, of, making := 0, false, false
	for i := range item {
		switch {
		case item[i] == '(':
			depth++
		case item[i] == ')':
			depth = max(0, depth-1)
		case depth == 0:
			of = of || bytes.HasPrefix(item[i:], []byte("的"))
			making = making || hasAnyPrefix(item[i:], "制造", "生产", "加工")
		}
	}
	return of && making
}

// sideLines drops the evidence of a registered scope's side lines (mainBusiness)
// in chains that neither its main item nor the industry column or code names. A
// column whose class spans several chains (columnChains) names, when a main item
// in the firm's own words names one of them, only that one. In a chain the main
// item names, a side line at another node counts half (集成电路封装、测试 before
// 半导体分立器件制造).
func (t *Tagger) sideLines(s *tagScratch) {
	// In the older free wording, where every item is in the firm's own words,
	// a later item is a side line too where the firm files a manufacturing
	// class (…冲焊件的生产、销售；汽车零部件的加工；模具、夹具的制造 under 3752).
	// The standard wording's later items in the firm's own words are often its
	// products after the catalogue's class names (电子元器件制造；电动车控制器、
	// 仪表、充电器研发、生产), and stay.
	if (s.classCode || s.classColumn) && !s.standard && slices.ContainsFunc(s.ev, func(o tagEvidence) bool { return o.main }) {
		for i := range s.ev {
			if e := &s.ev[i]; !e.dropped && !e.main && !e.catalogue && e.field == fScope {
				e.side = true
			}
		}
	}
	if !slices.ContainsFunc(s.ev, func(e tagEvidence) bool { return e.side }) {
		return
	}
	s.mainItem, s.mainNodes = s.mainItem[:0], s.mainNodes[:0]
	ownWords := false
	for i := range s.ev {
		if e := &s.ev[i]; !e.dropped && e.main {
			s.mainItem = appendUnique(s.mainItem, t.nodes[e.node].chainIdx)
			s.mainNodes = appendUnique(s.mainNodes, e.node)
			ownWords = ownWords || !e.catalogue
		}
	}
	t.columnChains(s)
	s.licensed = append(s.licensed[:0], s.mainItem...)
	if len(s.colChains) < 2 || !ownWords || !slices.ContainsFunc(s.mainItem, func(c int32) bool { return slices.Contains(s.colChains, c) }) {
		for _, c := range s.colChains {
			s.licensed = appendUnique(s.licensed, c)
		}
	}
	if len(s.licensed) == 0 && !s.mainOutside {
		return
	}
	for i := range s.ev {
		e := &s.ev[i]
		ch := t.nodes[e.node].chainIdx
		switch {
		case !e.side:
		case !slices.Contains(s.licensed, ch):
			e.drop(asideSideLine)
		case slices.Contains(s.mainItem, ch) && !slices.Contains(s.mainNodes, e.node):
			e.weight /= 2
		}
	}
}

// columnSettles settles a word of two chains that its own item left open (scan)
// by the firm's industry class (a class name column or a code, the firm's own
// filing; not a vendor's sector): 锻件 under 汽车零部件及配件制造 is a car part,
// not machinery's forging. A material's word is not settled for the materials
// chain, and stays in it too (Chain.Materials).
func (t *Tagger) columnSettles(s *tagScratch) {
	var class uint64 // the chains the class names
	for i := range s.ev {
		if e := &s.ev[i]; !e.dropped && (e.field == fIndustryCode || e.field == fIndustry && s.classColumn) {
			class |= chainBit(t.nodes[e.node].chainIdx)
		}
	}
	if class == 0 {
		return
	}
	own := func(e *tagEvidence) bool {
		return !e.dropped && !e.label && !e.code && e.field != fIndustry
	}
	// The class outranks the field's other words: 锻件 beside 机械零件加工
	// under 汽车零部件及配件制造 is still a car part.
	for i := range s.ev {
		a := &s.ev[i]
		if !a.byField || class&chainBit(t.nodes[a.node].chainIdx) == 0 {
			continue
		}
		for j := range s.ev {
			if b := &s.ev[j]; own(b) && b.field == a.field && b.start == a.start && b.end == a.end && class&chainBit(t.nodes[b.node].chainIdx) == 0 {
				a.dropped, a.why = false, asideNone
			}
		}
	}
	for i := range s.ev {
		a := &s.ev[i]
		ca := t.nodes[a.node].chainIdx
		if !own(a) || class&chainBit(ca) == 0 || t.material[ca] {
			continue
		}
		for j := range s.ev {
			b := &s.ev[j]
			if cb := t.nodes[b.node].chainIdx; own(b) && b.field == a.field && b.start == a.start && b.end == a.end &&
				class&chainBit(cb) == 0 && !t.material[cb] {
				b.drop(asideOtherChain)
			}
		}
	}
}

// columnChains sets s.colChains to the chains the industry column and code name.
func (t *Tagger) columnChains(s *tagScratch) {
	s.colChains = s.colChains[:0]
	for i := range s.ev {
		if e := &s.ev[i]; !e.dropped && (e.field == fIndustry || e.field == fIndustryCode) {
			s.colChains = appendUnique(s.colChains, t.nodes[e.node].chainIdx)
		}
	}
}

// traders places a firm whose every placing word is goods a trade clause names
// (五金产品批发；轴承销售；电动车销售及配件零售) as what it is, a trader: at its
// chain's trade node (Chain.Trade) where the chain has one, else nowhere. A
// column that is no class name (a vendor's sector, a division) does not make a
// trader a maker: 机器人 over 机器人租赁服务 is the market of a lessor. Nor does
// the name: 某某电动车有限公司 whose scope only sells e-bikes is a dealer, and the
// name's words in the chains of the goods traded are traded too.
//
// A firm filed under a class of making or of a service that holds none of the
// chains it deals in does something else: its trade, even by a trade node's word
// of trade (汽车零配件零售), is a side line. And a firm filed under a service that
// makes nothing handles the goods its broad words name: they are its market.
func (t *Tagger) traders(s *tagScratch) {
	// the chains of the goods traded, of those made, of the trade nodes' words
	// of trade (集成电路芯片及产品销售, counted as made too), and of the column
	var traded, made, sold, column uint64
	for i := range s.ev {
		e := &s.ev[i]
		if !e.dropped && (e.field == fIndustry || e.field == fIndustryCode) {
			column |= chainBit(t.nodes[e.node].chainIdx)
		}
		if e.dropped || e.label || e.code || !e.traded && (e.field == fIndustry && !s.classColumn || e.field == fName || e.field == fNameEN) {
			continue
		}
		ch := t.nodes[e.node].chainIdx
		switch {
		case e.traded:
			traded |= chainBit(ch)
		case t.tradeWord(e):
			sold |= chainBit(ch)
			made |= chainBit(ch)
		default:
			made |= chainBit(ch)
		}
	}
	// 门窗五金配件的加工、制造 under 3351, with 电动车配件销售; 道路货物运输 with
	// 汽车零配件零售
	// So is a general store's (某某百货商行 under 5211 百货零售 selling 电动自行车).
	if dealt := traded | sold; dealt != 0 && made&^sold == 0 && dealt&column == 0 && (s.makerClass || s.classColumn || s.serviceClass || s.generalStore) {
		for i := range s.ev {
			if e := &s.ev[i]; !e.dropped && (e.traded || !e.label && !e.code && t.tradeWord(e)) {
				e.drop(asideSideLine)
			}
		}
		return
	}
	// 汽车零部件仓储配送 under 道路货物运输
	if s.serviceClass && made == 0 {
		for i := range s.ev {
			if e := &s.ev[i]; !e.dropped && e.label && (e.field == fScope || e.field == fProducts) && column&chainBit(t.nodes[e.node].chainIdx) == 0 {
				e.drop(asideCustomer)
				e.customer = true
				s.market |= chainBit(t.nodes[e.node].chainIdx)
			}
		}
	}
	// A firm whose only making words are a trade node's words of trade
	// (集成电路芯片及产品销售) and whose other goods are that chain's only is
	// that chain's trader (电子元器件批发；半导体分立器件销售).
	if made != 0 && (made&^sold != 0 || traded&^sold != 0) {
		// a maker's trade in another chain's goods is a side line
		// (汽车制动器总成…制造；汽车配件、摩托车配件批发、零售)
		for i := range s.ev {
			if e := &s.ev[i]; e.traded && !e.dropped && made&chainBit(t.nodes[e.node].chainIdx) == 0 {
				e.drop(asideTradeOnly)
			}
		}
		return
	}
	if traded == 0 {
		return
	}
	for i := range s.ev {
		e := &s.ev[i]
		if e.dropped || !e.traded && (e.field != fName && e.field != fNameEN || traded&chainBit(t.nodes[e.node].chainIdx) == 0) {
			continue
		}
		if e.label {
			e.drop(asideTradeLabel)
			continue
		}
		if n := t.trade[t.nodes[e.node].chainIdx]; n >= 0 {
			e.node = n
		} else {
			e.drop(asideTradeOnly)
			s.market |= chainBit(t.nodes[e.node].chainIdx)
		}
	}
}

// tradeWord reports whether e is a word of trade (…销售, …零售) of its chain's
// trade node, as opposed to that node's services (失效分析 of component testing).
func (t *Tagger) tradeWord(e *tagEvidence) bool {
	return t.trade[t.nodes[e.node].chainIdx] == e.node && hasAnySuffix([]byte(t.words[e.match]), tradeEndings...)
}

// catalogueItem reports whether the item of text around start is a short
// entry of the register's catalogue (模具制造, 机械零件、零部件加工, 电子元器件制造,
// 专用化学产品制造（不含危险化学品）): at most ten characters outside brackets,
// no 的, not ending in a list of verbs. A longer item, or one that lists what is
// done to its goods (组串式逆变器研发、生产), is the firm's own description.
func catalogueItem(text []byte, start int32) bool {
	from, to := clauseAround(text, start, start)
	item := bytes.TrimSpace(text[from:to])
	if i := bytes.LastIndexByte(item, ' '); i >= 0 && slices.Contains(itemVerbs, string(item[i+1:])) {
		return false
	}
	n, depth := 0, 0
	for _, r := range string(item) {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth = max(0, depth-1)
		case depth > 0:
			// a remark in brackets (（除依法须经批准的项目外，…）) is no part of the item
		case r == '的':
			return false
		case r != ' ':
			n++
		}
	}
	return n <= 10
}

// named reports whether a's chain is named around a, by a word not dropped: one
// before it in its item (for a keyword with no conjunction between: 电动车锂电池,
// not 电动车及锂电池), or a longer one holding it.
func (t *Tagger) named(s *tagScratch, fresh []tagEvidence, a *tagEvidence) bool {
	seps := "| " + conjunctions // a keyword's chain is named in its own compound
	if a.contextual {
		seps = "| " // a contextual word's as for its licence (检测与失效分析)
	}
	return t.itemNames(s, fresh, a, seps) || slices.ContainsFunc(fresh, func(b tagEvidence) bool {
		return !b.dropped && t.nodes[b.node].chainIdx == t.nodes[a.node].chainIdx && a.inside(&b)
	})
}

// maxItemGap bounds the text read between two words of one item: items run to a
// few dozen characters, and a field is not read pair by pair to its end.
const maxItemGap = 256

// itemNames reports whether a word of a's chain, not dropped, comes before a in
// its item, none of seps between (items are separated by spaces, from 、 or /,
// and clause marks, |) and at most maxItemGap bytes of text.
func (t *Tagger) itemNames(s *tagScratch, fresh []tagEvidence, a *tagEvidence, seps string) bool {
	return slices.ContainsFunc(fresh, func(b tagEvidence) bool {
		return !b.dropped && b.end <= a.start && a.start-b.end <= maxItemGap && t.nodes[b.node].chainIdx == t.nodes[a.node].chainIdx &&
			!bytes.ContainsAny(withoutNumbers(s.buf[b.end:a.start]), seps)
	})
}

// withoutNumbers returns the text between two words without the numbers in it
// and the spaces around them: a model number is part of the compound
// (两轮车用21700锂电芯, 18650电芯).
func withoutNumbers(gap []byte) []byte {
	if !bytes.ContainsAny(gap, "0123456789") {
		return gap
	}
	var out []byte
	joined := false
	for i, tok := range bytes.Split(gap, []byte(" ")) {
		if len(tok) > 0 && len(bytes.Trim(tok, "0123456789")) == 0 {
			joined = true
			continue
		}
		if i > 0 && !joined {
			out = append(out, ' ')
		}
		out, joined = append(out, tok...), false
	}
	return out
}

// coordinatedCustomers drops, as customers of b too, the words that stand alone
// in the items of a 、 list right before a's item, a being b's customer at the
// start of its item: 电动自行车、电动摩托车轮毂电机 makes hub motors for both.
func (t *Tagger) coordinatedCustomers(s *tagScratch, fresh []tagEvidence, a, b *tagEvidence) {
	coordinated(s, fresh, a.start, t.supplies[[2]int32{b.node, a.node}], func(c *tagEvidence) bool {
		if t.supplies[[2]int32{b.node, c.node}] || t.supplies[[2]int32{c.node, b.node}] {
			c.dropped, c.customer = true, true
			return true
		}
		return false
	})
}

// conjoins reports whether b is one of conjunctions alone.
func conjoins(b []byte) bool {
	r, n := utf8.DecodeRune(b)
	return n == len(b) && strings.ContainsRune(conjunctions, r)
}

// coordinated calls f with each word (not a label, not contextual) that stands
// alone in an item of the 、 list right before the item starting at start, from
// the nearest back, while f takes one of each item's words (a word dropped
// already counts as taken and is not passed). The list's first item may open
// with the sentence's verb (公司主要从事电动自行车、电动摩托车用轮毂电机): a word
// that ends the item after a lead-in (leadIns) and no other word stands alone in
// it too, and the list starts there.
func coordinated(s *tagScratch, fresh []tagEvidence, start int32, customers bool, f func(c *tagEvidence) bool) {
	if itemStart(s.buf, start) != start {
		// Where the word at start is a customer, one joined to it by 及, 和 or
		// 与 is one too (电动车及摩托车真空胎), and so is the list before that
		// word; a material so joined is a product of its own (碳纤维及复合材料制品).
		if !customers {
			return
		}
		k := slices.IndexFunc(fresh, func(c tagEvidence) bool {
			return !c.label && !c.contextual && c.end < start && conjoins(s.buf[c.end:start])
		})
		if k < 0 {
			return
		}
		if c := &fresh[k]; !c.dropped && !f(c) {
			return
		}
		if start = fresh[k].start; itemStart(s.buf, start) != start {
			return
		}
	}
	for start >= 2 && s.buf[start-1] == ' ' {
		prev := itemStart(s.buf, start-1)
		took, led := false, false
		for k := range fresh {
			c := &fresh[k]
			if c.end != start-1 || c.start < prev || c.label || c.contextual {
				continue
			}
			if c.start != prev {
				if !hasAnySuffix(s.buf[prev:c.start], leadIns...) || slices.ContainsFunc(fresh, func(o tagEvidence) bool {
					return prev <= o.start && o.start < c.start
				}) {
					continue
				}
				led = true
			}
			if c.dropped || f(c) {
				took = true
			}
		}
		if !took || led {
			return
		}
		start = prev
	}
}

// leadIns end the words before a list of a firm's products, in a sentence that
// says what it makes (主要从事, 专注于, 专业生产).
var leadIns = []string{"从事", "专注于", "致力于", "主营", "生产", "制造", "研发", "开发", "包括", "产品有", "产品为"}

// componentHeads: a word of a product right before a component head of a node
// that supplies it (Chain.Heads; at most two characters between it and the
// longest word that ends in the head, no list mark or conjunction, or a word of
// use, forUse: 冰箱压缩机, 洗衣机用电机, 电动车的控制器, 挖掘机配套液压缸, 吸尘器
// 高速无刷电机) names what the component is for, so the firm is the node's
// maker: the word's evidence goes to that node (at 0.9 of its weight, as a parts
// head's does) and the head word counts for the node too; so do the products
// alone in the items of a 、 list right before (冰箱、空调压缩机).
func (t *Tagger) componentHeads(s *tagScratch, fresh []tagEvidence) {
	var add []tagEvidence
	for _, h := range s.hits {
		pat := &t.patterns[h.pattern]
		if len(pat.heads) == 0 || slices.ContainsFunc(fresh, func(o tagEvidence) bool { return o.start == h.end }) {
			continue // a word right after it is the compound's head (电机轴承)
		}
		english := asciiWord(s.buf[h.start:h.end])
		if english && slices.ContainsFunc(fresh, func(o tagEvidence) bool {
			return o.start <= h.start+1 && h.end-1 <= o.end && o.end-o.start > h.end-h.start
		}) {
			continue // a head inside a longer word (battery of "battery swapping")
		}
		// The compound starts where the longest word that ends in the head does
		// (无刷电机 in 高速无刷电机).
		from := h.start
		for _, o := range fresh {
			if !english && o.end == h.end && o.start < from {
				from = o.start
			}
		}
		for i := range fresh {
			a := &fresh[i]
			aEnd := a.end
			if english && aEnd == h.start+1 && s.buf[h.start] == ' ' {
				aEnd = h.start // English words share the space between them (washing machine motors)
			}
			if english && !a.label && !a.contextual && (!a.dropped || a.customer) && a.start >= h.end-1 {
				// "motors for washing machines": the customer after "for"
				// (forCustomer) is what the component is for.
				if k := slices.IndexFunc(pat.heads, func(n int32) bool {
					return t.nodes[n].chainIdx == t.nodes[a.node].chainIdx && t.supplies[[2]int32{n, a.node}]
				}); k >= 0 && forCustomer(s.buf[h.end-1:a.start]) {
					add = append(add, tagEvidence{node: pat.heads[k], field: a.field, match: pat.headWord, weight: a.weight, start: h.start, end: h.end})
					a.drop(asideCustomer)
					a.customer = true
				}
				continue
			}
			if a.dropped || a.label || a.contextual || aEnd > from {
				continue
			}
			if gap := s.buf[aEnd:from]; !forUse(gap) && (len(gap) > twoHan || bytes.ContainsAny(gap, "|"+conjunctions) ||
				bytes.ContainsRune(gap, ' ') && (!english || len(bytes.TrimSpace(gap)) > 0)) {
				continue
			}
			k := slices.IndexFunc(pat.heads, func(n int32) bool {
				return n != a.node && t.nodes[n].chainIdx == t.nodes[a.node].chainIdx && t.supplies[[2]int32{n, a.node}]
			})
			if k < 0 {
				continue
			}
			hn := pat.heads[k]
			add = append(add, tagEvidence{node: hn, field: a.field, match: pat.headWord, weight: a.weight, start: h.start, end: h.end})
			a.node, a.weight = hn, a.weight*0.9
			coordinated(s, fresh, a.start, true, func(c *tagEvidence) bool {
				if t.nodes[c.node].chainIdx == t.nodes[hn].chainIdx && t.supplies[[2]int32{hn, c.node}] {
					c.node, c.weight = hn, c.weight*0.9
					return true
				}
				return false
			})
		}
	}
	// A keyword of a component node that ends in one of its heads names its
	// customer first (空调压缩机): the products alone in the 、 items before it
	// are its customers too (冰箱、空调压缩机).
	for i := range fresh {
		b := &fresh[i]
		if b.dropped || b.label || b.contextual || !t.headed[[2]int32{b.node, b.match}] {
			continue
		}
		coordinated(s, fresh, b.start, true, func(c *tagEvidence) bool {
			if c.node != b.node && t.nodes[c.node].chainIdx == t.nodes[b.node].chainIdx && t.supplies[[2]int32{b.node, c.node}] {
				c.node, c.weight = b.node, c.weight*0.9
				return true
			}
			return false
		})
	}
	s.ev = append(s.ev, add...)
}

// crossChainUse: across chains, a word before 用, 配套 or 适配 (forUse) and a
// word of another chain is what that word is for: 机器人用激光雷达 is lidar,
// 新能源汽车用动力电池 batteries; unless the later word counts in the first word's
// chain too (洗衣机用电机 is an appliance motor: componentHeads).
func (t *Tagger) crossChainUse(s *tagScratch, fresh []tagEvidence) {
	for i := range fresh {
		a := &fresh[i]
		if a.dropped {
			continue
		}
		ca := t.nodes[a.node].chainIdx
		for j := range fresh {
			b := &fresh[j]
			if b.dropped && !b.customer || b.contextual || t.nodes[b.node].chainIdx == ca || b.start < a.end || !forUse(s.buf[a.end:b.start]) ||
				slices.ContainsFunc(fresh, func(c tagEvidence) bool {
					return !c.dropped && c.start == b.start && c.end == b.end && t.nodes[c.node].chainIdx == ca
				}) {
				continue
			}
			a.drop(asideCustomer)
			a.customer = true
			break
		}
	}
}

// labelHeads: a prefix label (汽车) that opens an item, or a 、 list, ending in a
// component head of the label's chain (Chain.Heads), with no word of another
// chain between (汽车制动鼓铸件, 汽车制动鼓、轮毂、桥壳铸件), names what the
// component is for, as a product word does in componentHeads: the firm makes the
// head's node (at 0.9 of the field's weight), so do the products of the chain that
// the head's node supplies between the two (轮毂 there: the wheels' castings), and
// the head word's evidence in other chains is set aside (铸件 is no general
// machining part there). Any other label does the same with a head at most two
// characters after it (家电外壳, 家电零部件, 小家电塑料外壳), and its own spread over
// the chain's products is set aside: the firm makes the part, not the appliance. A
// label inside a longer word (新能源汽车) or a head in a trade clause does not
// count.
func (t *Tagger) labelHeads(s *tagScratch, fresh []tagEvidence, field uint8, weight float32) {
	var add []tagEvidence
	for _, l := range s.hits {
		chain, prefix := int32(-1), false
		for _, p := range t.patterns[l.pattern].labels {
			if lb := &t.labels[p.node]; lb.prefix || chain < 0 {
				chain, prefix = lb.chainIdx, lb.prefix
			}
		}
		if chain < 0 || slices.ContainsFunc(s.hits, func(o acHit) bool {
			return o.start <= l.start && l.end <= o.end && o.end-o.start > l.end-l.start
		}) {
			continue
		}
		maxGap, w := maxLabelHeadGap, weight
		if !prefix {
			// The part weighs what the label's own reading does (less where it
			// reads as a customer's), and nothing for a customer's label
			// (产品用于家电外壳).
			maxGap, w = twoHan, 0
			for _, c := range fresh {
				if c.label && !c.dropped && c.start == l.start && c.end == l.end && t.nodes[c.node].chainIdx == chain {
					w = max(w, c.weight)
				}
			}
			if w == 0 {
				continue
			}
		}
		for _, h := range s.hits {
			if gap := s.buf[min(l.end, h.start):h.start]; h.start < l.end || len(gap) > maxGap || bytes.IndexByte(gap, '|') >= 0 ||
				prefix && len(gap) == 0 || !prefix && bytes.ContainsAny(gap, "、"+conjunctions) {
				continue
			}
			heads := t.patterns[h.pattern].heads
			k := slices.IndexFunc(heads, func(n int32) bool { return t.nodes[n].chainIdx == chain })
			if k < 0 || tradeClause(s.buf, int(h.end)) {
				continue
			}
			if slices.ContainsFunc(fresh, func(c tagEvidence) bool {
				return !c.dropped && !c.label && c.start >= l.end && c.end <= h.start && t.nodes[c.node].chainIdx != chain
			}) {
				break // 汽车、摩托车铸件: the castings are for both, as the list says
			}
			hn := heads[k]
			for i := range fresh {
				c := &fresh[i]
				switch {
				case c.dropped:
				case c.label:
					if !prefix && c.start == l.start && c.end == l.end && t.nodes[c.node].chainIdx == chain {
						c.drop(asideCustomer)
					}
				case c.start == h.start && c.end == h.end && t.nodes[c.node].chainIdx != chain:
					c.drop(asideOtherChain)
				case c.start >= l.end && c.end <= h.start && t.supplies[[2]int32{hn, c.node}]:
					c.node, c.weight = hn, c.weight*0.9 // 轮毂 of 汽车制动鼓、轮毂、桥壳铸件: the wheels' castings
				}
			}
			add = append(add, tagEvidence{node: hn, field: field, match: t.patterns[h.pattern].headWord,
				weight: w * 0.9, start: h.start, end: h.end})
			break
		}
	}
	s.ev = append(s.ev, add...)
}

// maxLabelHeadGap is the most text, in bytes, between a prefix label and the
// component head it names (ten Chinese characters with their list marks).
const maxLabelHeadGap = 36

// headsInClause: a component head of a node of another chain (Chain.Heads) in a
// clause that names that node otherwise, or after one that did, is that node's
// component, not its own chain's word: 驱动电机、电机控制器及减速器 lists an electric
// drive's reducer, not a machinery gearbox, and the 电机 of 变频冰箱压缩机项目，引进
// 电机绕嵌线 is the compressor's motor. A head before the clause that names its
// node keeps its own chain (电动机制造；电动车轮毂电机制造 makes both).
func (t *Tagger) headsInClause(s *tagScratch, fresh []tagEvidence) {
	for _, h := range s.hits {
		for _, n := range t.patterns[h.pattern].heads {
			if !slices.ContainsFunc(fresh, func(c tagEvidence) bool {
				return !c.dropped && !c.label && !c.contextual && c.node == n && (c.end <= h.start ||
					h.end <= c.start && bytes.IndexByte(s.buf[h.end:c.start], '|') < 0)
			}) {
				continue
			}
			for i := range fresh {
				if a := &fresh[i]; !a.dropped && a.start == h.start && a.end == h.end && t.nodes[a.node].chainIdx != t.nodes[n].chainIdx {
					a.drop(asideOtherChain)
				}
			}
		}
	}
}

// custSpan holds customers: the words in [lo, hi) of chains not in keep (bit i
// for chain i; chains past the 64th are never kept).
type custSpan struct {
	lo, hi int32
	keep   uint64
}

// serviceSpan is a span of a service's clients, with the node the service is
// itself (a CRO's pharma R&D), or -1: words of that node are the service's own.
type serviceSpan struct {
	span custSpan
	node int32
}

func chainBit(chain int32) uint64 {
	if chain < 64 {
		return 1 << chain
	}
	return 0
}

// Words that mark customers (tagPattern.mark).
const (
	markCustomer  = 1 + iota // customerMarks
	markSupply               // 供应, unless 供应链 or 供应商; 配套 opening a clause
	markFor                  // 为, which 提供, 配套, 开展 or 供应 may follow
	markService              // serviceHeads
	markServiceZH            // serviceHeadsZH
	markServe                // 服务, when a firm or plant follows in its clause
	markUse                  // useMarks
	markMaking               // makingHeads
	markImport               // importMarks
	markPart                 // partHeads
	markParts                // partsHeads
	markWaste                // wasteMarks
	markGive                 // 供, when 使用, 配套 or 选用 follows in its clause
	markWon                  // 获得, when 定点 follows in its clause
	markForEN                // customerMarksEN
	markPastEnd              // pastEnds
	markPastStart            // pastStarts
)

// customerMarks introduce the customers of what a clause names before them.
var customerMarks = []string{"用于", "服务于", "配套于", "面向", "产品配套", "主要配套", "客户为", "客户主要", "客户包括", "客户以", "客户多为", "客户含", "客户涵盖", "客户覆盖", "服务对象", "投向", "主供", "产品进入", "产品已进入"}

// forEnds end the customers that a 为 introduces (为家电企业提供包装服务).
var forEnds = []string{"提供", "配套", "开展", "供应"}

// servedFirms end the customers that a 服务 introduces (服务周边汽车零部件企业).
var servedFirms = []string{"企业", "厂", "客户"}

// useMarks introduce what a firm uses, not what it makes (采用数控模切机, 配建光伏车棚).
var useMarks = []string{"使用", "采用", "配备", "配建", "配置", "租用", "租赁", "选用", "购置", "购入", "采购", "投用"}

// importMarks introduce what a firm brings in or owns, as useMarks do
// (引进全自动冲压线, 新上注塑机40台, 拥有200台注塑机), unless its clause names a
// project, firm, team, technology, capacity or production line
// (importedNotUsed): 引进年产10GWh锂电池项目, 引进光伏组件生产线 and
// 拥有年产万吨法兰的生产能力 make what they bring in or have.
var importMarks = []string{"引进", "引入", "新上", "购进", "拥有"}

var importedNotUsed = []string{"项目", "企业", "公司", "基地", "团队", "人才", "技术", "产能", "品牌", "年产", "生产线"}

// makingHeads name the machinery that makes or tests what comes before them in
// the item (锂电池生产设备, 汽车零部件加工设备, 药品生产设备, 电池检测设备, 驱动电机测试台架:
// GB/T 4754 major group 35, 专用设备 by the industry it serves; 锂电池模组自动化
// 生产线, 装配线, 白车身焊装线: the lines an integrator builds, where a bare 生产线
// is the plant of what it makes). The equipment chain holds them as a label of
// special machinery.
var makingHeads = []string{"生产设备", "制造设备", "加工设备", "专用设备", "成套设备", "生产装备", "制造装备", "加工装备", "加工机械", "专用机械", "生产机械", "检测设备", "测试设备", "测试台架", "检测台", "自动化生产线", "自动化装配线", "自动化产线", "装配线", "组装线", "焊装线", "焊装生产线", "涂装线", "涂装生产线", "灌装联动线", "提取设备", "浓缩设备"}

// machineEnds end the name of a machine.
var machineEnds = []string{"机", "机械", "设备", "装备"}

// wasteMarks name waste, which a firm takes in: the chain words of its item up to
// what is done with it (wasteEnds) are its material, not its product
// (新能源汽车废旧动力蓄电池回收 recycles batteries, 废旧轮胎综合利用 makes no tyres).
var (
	wasteMarks = []string{"废旧", "报废", "废弃"}
	wasteEnds  = []string{"回收", "利用", "拆解", "处理", "处置", "再生", "综合"}
)

// customerMarksEN introduce, in English, what the words before them in the
// clause are for: "magnets for EV traction motors", "SoCs used in wearables".
// A text that names nothing before them ("software for traffic signal
// control") names its own domain.
var customerMarksEN = []string{"for", "for use in", "used in", "used by", "supplied to", "supplier to", "suppliers to", "sold to", "serving"}

// A project report often says what the investor is known for before what the
// project makes: 以光伏组件和储能电站业务闻名，此次投资建设新能源汽车电驱动总成项目;
// 其母公司为国内知名化学药制剂企业. In a text that names a project (projectMarks),
// the chain words from a 以 (or the clause's start) up to one of pastEnds, and
// after one of pastStarts to the clause's end, are the investor's background; in
// English "our parent group also owns a solar module plant" is, in any text.
var (
	pastEnds     = []string{"起家", "为主业", "闻名", "著称", "见长"}
	pastStarts   = []string{"母公司", "控股股东", "parent group", "parent company"}
	projectMarks = []string{"此次", "本次", "本项目", "该项目", "在我县", "在我市", "在我区", "落户", "亿元", "投资建设"}
)

// englishListEnd is where the customers that an English mark at lo introduces
// end: at a word that starts a new statement (enStops: "…, and also produces
// sensors"), else at the clause end, or past it while the next clauses are
// English without such a word, for a comma folds to a clause mark ("for EV
// traction inverters, PV inverters and industrial drives").
func englishListEnd(buf []byte, lo, end int) int {
	for {
		if i := firstOf(buf[lo:end], enStops, nil); i >= 0 {
			return lo + i + 1 // the word before keeps the space they share
		}
		if end >= len(buf) {
			return end
		}
		next := len(buf)
		if i := bytes.IndexByte(buf[end+1:], '|'); i >= 0 {
			next = end + 1 + i
		}
		if !asciiWord(buf[end+1:next]) ||
			firstOf(buf[end+1:next], enStops, nil) >= 0 {
			return end
		}
		lo, end = end+1, next
	}
}

// makersAfter reports whether b, the clause after an English "to" or
// "supplying", opens with the makers it supplies: at most three words, or six
// with an "and" or "or" of a list, before maker, manufacturer, producer, OEM, fab
// or factory ("to wind-turbine blade makers", "to e-bike and e-scooter makers",
// "to wafer fabs"). Words are stemmed (normalizeText): makers reads maker.
func makersAfter(b []byte) bool {
	list := false
	for i, w := range strings.Fields(string(b)) {
		if i > 6 || i > 3 && !list {
			return false
		}
		switch w {
		case "and", "or":
			list = true
		case "maker", "manufacturer", "producer", "oem", "fab", "factory":
			return i > 0
		}
	}
	return false
}

// enStops start a new statement in English text (words as normalizeText writes
// them: lowercased and stemmed).
var enStops = []string{" also ", " produce", " manufactur", " make ", " offer", " provide", " develop", " design", " build", " operate", " we ", " our "}

// giveEnds end the customers that a 供 introduces (供新能源汽车电驱使用).
var giveEnds = []string{"使用", "配套", "选用"}

// partHeads name a part, which a word of another chain before it in the item
// only qualifies as its customer: 智能音箱芯片 and ETC芯片 are chips. Each is a
// label of the chain it belongs to.
var partHeads = []string{"芯片"}

// partsHeads name parts for what comes before them in the item: 空调配件 and
// 电动自行车零部件 are made by a parts maker of the chain (Chain.Parts), not by
// the maker of the air conditioner or the e-bike.
var partsHeads = []string{"配件", "零部件", "零件", "部件", "配套件", "钣金件", "注塑件"}

// useStops end what a useMarks word introduces: the verb of what the firm makes
// (采用进口数控机床加工精密法兰), unless it is part of a chain word (加工中心,
// 自动化生产线) or names a machine (拥有压铸机、加工中心), or the 的 of the
// product it describes (采用碳化硅器件的车载充电机).
var useStops = []string{"的", "生产", "制造", "加工", "研发", "开发", "承接", "从事", "建设", "建成", "打造",
	"冶炼", "熔炼", "合成", "提纯", "制备", "制作", "组装", "装配", "注塑", "压铸", "锻造", "焊接", "供应", "提供"}

// serviceHeads are the English words of firms that serve industries without
// making anything of them.
var serviceHeads = []string{"law firm", "accounting", "tax firm", "consultancy", "consulting firm",
	"market research", "research firm", "staffing", "executive search", "recruitment agency",
	"investment bank", "commercial bank", "venture capital", "private equity", "insurance",
	"freight forwarder", "freight forwarding", "headhunting", "headhunter", "talent consulting", "customs broker", "customs brokerage", "shipping line", "real estate", "property developer",
	"industrial park", "incubator", "translation", "patent agency", "trademark agency", "advertising",
	"PR agency", "public relations", "marketing agency", "magazine", "publisher", "expo", "trade show",
	"exhibition organiser", "exhibition organizer", "conference organiser", "conference organizer",
	"online education", "education platform", "facility management", "cloud provider", "travel agency",
	"finance lease", "financial leasing", "organiser of", "organizer of", "holding company", "investment holding",
	"design studio", "design agency", "app developer", "CDMO", "CRO",
	"third-party logistics", "logistics provider", "logistics company", "warehousing", "bonded warehouse", "trucking", "hotel"}

// serviceHeadsZH are the Chinese words of services that no chain node provides:
// what their item names before them is a client (汽车零部件行业展会, 半导体企业管理咨询).
// Services that are nodes (研发外包, 检测, 维修, 物流配送 of drugs) are not here.
var serviceHeadsZH = []string{"展会", "展览会", "博览会", "展销会", "交易会", "会展", "展览服务", "峰会", "论坛",
	"猎头", "招聘", "人才服务", "人力资源", "劳务派遣", "劳务外包", "灵活用工",
	"市场调研", "市场调查", "行业研究", "研究报告", "咨询", "顾问",
	"物业", "保洁", "安保服务", "食堂", "团餐", "餐饮",
	"融资租赁", "金融", "基金", "代理记账", "税务", "会计", "审计", "律师", "法律服务", "知识产权", "知识产权代理", "专利代理", "商标代理",
	"培训", "期刊", "杂志", "出版", "资讯", "媒体", "广告", "报关", "翻译", "代办", "注册申报", "标准厂房", "厂房出租", "厂房租赁",
	"纸箱", "彩盒", "印刷", "餐厅", "协会", "商会", "产业联盟", "展览馆", "博物馆", "招商", "保险经纪", "保险公估", "保险代理",
	"学术会议", "会议服务", "展览展示", "政策研究", "产业政策", "赛事",
	"产业园开发", "园区开发", "企业孵化", "孵化器", "产业研究", "仓储", "驾考"}

// serviceGoods, right after a Chinese service head, make it goods named for the
// service (印刷油墨, 仓储货架): the firm makes them, it serves no client.
var serviceGoods = []string{"油墨", "器材", "货架", "耗材", "材料", "用品"}

// vehicleHeads name a vehicle (vehicleAfter).
var vehicleHeads = []string{"汽车", "车辆", "客车", "货车", "卡车", "轿车", "物流车", "出租车", "公交车", "环卫车", "专用车", "商用车", "乘用车", "工程车", "网约车", "重卡", "轻卡"}

// vehicleAfter reports whether b opens with a vehicle word, after at most
// four Chinese characters and no conjunction (城市物流车, 营运车辆).
func vehicleAfter(b []byte) bool {
	for range 5 {
		if hasAnyPrefix(b, vehicleHeads...) {
			return true
		}
		r, n := utf8.DecodeRune(b)
		if !unicode.Is(unicode.Han, r) || strings.ContainsRune(conjunctions, r) {
			return false
		}
		b = b[n:]
	}
	return false
}

// placeHeads are buildings and parks that a chain's broad word may name.
var placeHeads = []string{"大厦", "广场", "酒店", "物流园", "小镇", "商业综合体", "展示中心", "交易中心", "博物馆", "科技馆"}

// serviceFirmEnds, right after a service head, name the firm that offers it.
var serviceFirmEnds = []string{"公司", "有限公司", "机构", "服务商", "平台", "学校", "中心"}

// clientLeads are the verbs that open a list of a service's clients.
var clientLeads = []string{"承接", "服务于", "面向", "为"}

// clientsOf end the firms that a service works for (承接汽车零部件生产企业的工序外包):
// what their item names before them is a client, as before serviceHeadsZH.
var clientsOf = []string{"企业的", "厂商的", "厂家的"}

// serviceFirst reports whether a text's first clause is one item that ends in 服务
// or 平台 (碳资产管理服务；碳排放核查、…; 汽车互联网平台；…): the firm names itself a
// service before anything it may name of a chain.
func serviceFirst(buf []byte) bool {
	clause := buf
	if i := bytes.IndexByte(buf, '|'); i >= 0 {
		clause = buf[:i]
	}
	clause = bytes.TrimSpace(clause)
	return hasAnySuffix(clause, "服务", "平台") && bytes.IndexByte(clause, ' ') < 0
}

// tradeStorage reports whether h is 仓储 right after a word of a chain's trade
// node (医药冷链仓储, 药品冷链仓储配送): storing the chain's goods is that node's
// own logistics, not a service whose clients the word names.
func (t *Tagger) tradeStorage(s *tagScratch, h acHit) bool {
	return t.texts[h.pattern] == "仓储" && slices.ContainsFunc(s.hits, func(o acHit) bool {
		return o.end == h.start && slices.ContainsFunc(t.patterns[o.pattern].pos, func(p posting) bool {
			return t.trade[t.nodes[p.node].chainIdx] == p.node
		})
	})
}

// serviceOwnNode reports whether the service head at start names a service of the
// record's own field rather than its clients: 技术咨询 and 信息咨询 in a maker's
// registered scope, 健康咨询 or 医疗咨询 in health.
func serviceOwnNode(buf []byte, start int32) bool {
	return hasAnySuffix(buf[:start], "技术", "信息", "健康", "医疗")
}

func hasAnyPrefix(b []byte, prefixes ...string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return bytes.HasPrefix(b, []byte(p)) })
}

func hasAnySuffix(b []byte, suffixes ...string) bool {
	return slices.ContainsFunc(suffixes, func(p string) bool { return bytes.HasSuffix(b, []byte(p)) })
}

// chainWord reports whether the hit h is a word of a chain (a keyword, contextual
// word or label), not only a negative or a mark.
func (t *Tagger) chainWord(h acHit) bool {
	p := &t.patterns[h.pattern]
	return len(p.pos)+len(p.ctx)+len(p.labels) > 0
}

// bracketOf reports whether h lies in brackets that open right after a keyword
// of a chain other than chain (保健食品（片剂、硬胶囊、粉剂）).
func (t *Tagger) bracketOf(s *tagScratch, h acHit, chain int32) bool {
	open := bytes.LastIndexByte(s.buf[:h.start], '(')
	if open < 1 || bytes.IndexByte(s.buf[open:h.start], ')') >= 0 {
		return false
	}
	end := int32(open)
	if s.buf[end-1] == ' ' {
		end--
	}
	return slices.ContainsFunc(s.hits, func(o acHit) bool {
		return o.end == end && slices.ContainsFunc(t.patterns[o.pattern].pos, func(p posting) bool { return t.nodes[p.node].chainIdx != chain })
	})
}

// chainWordOver reports whether a chain word overlaps buf[a:b] (服务 of 服务机器人,
// 加工 of 加工中心, 生产 of 自动化生产线).
func (t *Tagger) chainWordOver(s *tagScratch, a, b int32) bool {
	return slices.ContainsFunc(s.hits, func(o acHit) bool { return o.start < b && a < o.end && t.chainWord(o) })
}

// firstOf is the offset in b of the first occurrence of any of words that ok
// accepts (given its offset and length; every one when ok is nil), or -1.
func firstOf(b []byte, words []string, ok func(at, n int) bool) int {
	first := -1
	for _, w := range words {
		for from := 0; ; {
			j := bytes.Index(b[from:], []byte(w))
			if j < 0 {
				break
			}
			if j += from; ok == nil || ok(j, len(w)) {
				if first < 0 || j < first {
					first = j
				}
				break
			}
			from = j + len(w)
		}
	}
	return first
}

// itemStart is the start of the item (between spaces and clause marks) that holds i.
func itemStart(buf []byte, i int32) int32 {
	for i > 0 && buf[i-1] != ' ' && buf[i-1] != '|' {
		i--
	}
	return i
}

// chainWordsOnly reports whether buf[a:b] holds nothing but chain words (and 及, 和,
// 与, 等 between them): an item of a list that names clients (工程机械、农机设备融资租赁).
func (t *Tagger) chainWordsOnly(s *tagScratch, a, b int32) bool {
	for i := a; i < b; {
		covered := false
		for _, h := range s.hits {
			if h.start <= i && i < h.end && t.chainWord(h) {
				i, covered = h.end, true
				break
			}
		}
		if covered {
			continue
		}
		r, size := utf8.DecodeRune(s.buf[i:b])
		if !strings.ContainsRune("及和与等", r) {
			return false
		}
		i += int32(size)
	}
	return a < b
}

// markCustomers drops as customers (keeping their chain context) the words of
// fresh that
//   - follow one of customerMarks, 供应 or a 配套 that opens the clause, in their
//     clause with no 的 between (IGBT模块，应用于新能源汽车、光伏逆变器 and
//     SiC模块，配套新能源汽车电驱 make no car; 用于新能源汽车的电池包 makes packs);
//   - stand between a 为 (not that of 成为, 作为, 认定为, 以…为) and a 提供, 配套,
//     开展 or 供应 of their clause (为家电企业提供包装服务, 为光伏组件企业配套包装,
//     为主机厂供应冲压件);
//   - stand before or after a service firm named in the text's first clause (a
//     law firm, a staffing agency, a venture-capital fund, a semiconductor
//     market research firm), which names industries as clients; the words of
//     the node a service is itself stay (CRO服务、药物研发);
//   - stand before a Chinese service head (serviceHeadsZH) in its item, or in the
//     items of bare chain words listed right before it (工程机械、农机设备融资租赁业务),
//     unless goods follow the head (serviceGoods: 功能性薄膜、印刷油墨 makes films);
//     a head that names the firm in the first clause (知识产权代理机构，主要代理新材料…)
//     makes the rest of the text clients too;
//   - stand between 服务 and a firm or plant it serves in its clause
//     (服务周边汽车零部件企业; not 服务机器人, 服务的);
//   - stand before a head of machinery in its item (makingHeads: 光伏组件生产设备 and
//     锂电池生产设备 make machines, 药品生产设备 too; so do the machines of GB/T 4754
//     major groups 34 and 35 named after their product, 光伏组件串焊机), or before a
//     part, unless they are of its chain (partHeads: 智能音箱芯片 is a chip);
//   - are waste the firm takes in (wasteMarks: 新能源汽车废旧动力蓄电池回收 and
//     废旧轮胎综合利用 make no car and no tyre), up to what is done with it;
//   - stand between 供 and a 使用, 配套 or 选用 of their clause (供新能源汽车电驱使用);
//   - follow an English for, used in, supplied to ... (customerMarksEN) in their
//     clause, when a word of another chain comes before it (magnets for EV
//     traction motors);
//   - are, in a project report, what the investor is known for (pastEnds,
//     pastStarts: 以工程机械起家的…集团投资建设风电装备生产基地);
//   - follow a word of use (useMarks, or importMarks unless a project or firm is
//     brought in) in their clause, up to the verb of what the
//     firm makes or a 的 (采用进口数控机床加工精密法兰 makes flanges, 采用磷酸铁锂技术
//     路线的储能电池 storage batteries; 后厨使用智能炒菜机 makes nothing of a chain).
func (t *Tagger) markCustomers(s *tagScratch, fresh []tagEvidence) {
	buf := s.buf
	spans := s.spans[:0]
	var parts []custSpan       // before a partsHeads word
	services := s.services[:0] // the clients of a service the firm offers
	for _, h := range s.hits {
		mark := t.patterns[h.pattern].mark
		if t.patterns[h.pattern].machine && hasAnyPrefix(buf[h.end:], "设备", "装备", "机械") {
			mark = markMaking // 锂电池化成分容设备 makes machines
		}
		if t.chainWord(h) && ownedMachines(buf, h.start, h.end) {
			spans = append(spans, custSpan{h.start, h.end, 0}) // 织机600台 are the mill's looms
		}
		if mark == 0 {
			continue
		}
		lo := int(h.end)
		end := len(buf) // end of the clause
		if i := bytes.IndexByte(buf[lo:], '|'); i >= 0 {
			end = lo + i
		}
		switch mark {
		case markSupply:
			// 为主机厂供应冲压件 supplies stampings: the customer stands after 为.
			clause := bytes.LastIndexByte(buf[:h.start], '|') + 1
			if hasAnyPrefix(buf[lo:], "链", "商") || bytes.Contains(buf[clause:h.start], []byte("为")) ||
				hasAnyPrefix(buf[h.start:], "配套") && len(bytes.TrimSpace(buf[clause:h.start])) > 0 {
				// 配套 that opens a clause names customers (…模块，配套新能源汽车电驱)
				// or what the firm fits to its own goods (配套锂电池和无刷电机自主组装);
				// inside one it does not (电动车配套电机 makes motors)
				continue
			}
			fallthrough
		case markCustomer:
			if i := bytes.Index(buf[lo:end], []byte("的")); i >= 0 {
				end = lo + i
			}
			// 面向中小制造企业提供MES系统 serves makers with MES: the customers end
			// where what is offered begins, as after 为.
			if i := firstOf(buf[lo:end], forEnds, nil); i >= 0 && mark == markCustomer {
				end = lo + i
			}
			spans = append(spans, custSpan{int32(lo), int32(end), 0})
		case markFor:
			if r, _ := utf8.DecodeLastRune(buf[:h.start]); strings.ContainsRune("成作定以称视被", r) {
				continue
			}
			if i := firstOf(buf[lo:end], forEnds, nil); i >= 0 {
				spans = append(spans, custSpan{int32(lo), int32(lo + i), 0})
			}
		case markService:
			// The firm is the service; what the text names before it (a
			// semiconductor market research firm) and after it, its clients.
			if bytes.IndexByte(buf[:h.start], '|') < 0 {
				spans = append(spans, custSpan{0, h.start, 0}, custSpan{h.end, int32(len(buf)), 0})
				node := int32(-1) // a service that is a node: CRO, CDMO
				if pos := t.patterns[h.pattern].pos; len(pos) > 0 {
					node = pos[0].node
				}
				services = append(services, serviceSpan{spans[len(spans)-2], node}, serviceSpan{spans[len(spans)-1], node})
				s.serviceFirm = true
			}
		case markServiceZH:
			if serviceOwnNode(buf, h.start) || t.chainWordOver(s, h.start, h.end) || hasAnyPrefix(buf[h.end:], serviceGoods...) || t.tradeStorage(s, h) {
				continue // 印刷油墨 is ink and 仓储货架 racks, no printing or storage service
			}
			from := itemStart(buf, h.start)
			for from >= 2 && buf[from-1] == ' ' {
				prev := itemStart(buf, from-1)
				if !t.chainWordsOnly(s, prev, from-1) {
					// the list's first item may open with the clause's verb
					// (承接电子元器件、汽车零部件生产企业的工序外包)
					for _, v := range clientLeads {
						if bytes.HasPrefix(buf[prev:], []byte(v)) && t.chainWordsOnly(s, prev+int32(len(v)), from-1) {
							from = prev + int32(len(v))
							break
						}
					}
					break
				}
				from = prev
			}
			to := h.start
			// The firm is the service where its first clause names it so (培训机构,
			// 机动车驾驶员培训学校) or is the service alone (机动车驾驶员培训): what its
			// name, industry column and text name of a chain is a client.
			if bytes.IndexByte(buf[:h.start], '|') < 0 && (hasAnyPrefix(buf[h.end:], serviceFirmEnds...) ||
				bytes.IndexByte(bytes.TrimSpace(buf[:h.start]), ' ') < 0 && len(bytes.TrimSpace(buf[h.end:end])) == 0) {
				to = int32(len(buf))
				s.serviceFirm = true
			}
			spans = append(spans, custSpan{from, to, 0})
			services = append(services, serviceSpan{spans[len(spans)-1], -1})
		case markUse, markImport:
			if t.chainWordOver(s, h.start, h.end) || hasAnySuffix(buf[:h.start], "一次性", "重复", "可") {
				continue // 一次性使用输液器 is a product
			}
			if r, _ := utf8.DecodeRune(buf[h.end:]); strings.ContainsRune(conjunctions+"并", r) {
				continue // 电池租赁及换电柜运营: the verb ends its item, the next is the firm's own
			}
			if mark == markImport && firstOf(buf[lo:end], importedNotUsed, nil) >= 0 {
				continue // 引进锂电池项目 brings the project, which makes batteries
			}
			to := end
			if i := firstOf(buf[lo:end], useStops, func(j, n int) bool {
				return !t.chainWordOver(s, int32(lo+j), int32(lo+j+n)) && !bytes.HasPrefix(buf[lo+j+n:], []byte("机"))
			}); i >= 0 {
				to = lo + i
			}
			spans = append(spans, custSpan{int32(lo), int32(to), 0})
		case markMaking, markPart:
			// From the item's start or its last 及/和/与/或/等 up to the head's last
			// character: the head and a chain word it is part of (半导体专用设备,
			// 电池生产设备) stay; a word that ends inside it (药品生产 of 药品生产设备)
			// is a customer. Before a part (partHeads) the words of its own chain
			// stay too (LED芯片, 功率芯片).
			from := itemStart(buf, h.start)
			if mark == markMaking {
				from = pastASCII(buf, from)
			}
			if i := bytes.LastIndexAny(buf[from:h.start], conjunctions+"等"); i >= 0 {
				// 锂电池电芯生产及锂电池生产设备 makes cells too; before 等 come
				// the machines themselves (弯管机等专用设备)
				from += int32(i)
			}
			var keep uint64
			if mark == markPart {
				if labels := t.patterns[h.pattern].labels; len(labels) > 0 {
					keep = chainBit(t.labels[labels[0].node].chainIdx)
				}
				// An ASCII word right before the part is padded with a space
				// (ETC芯片 reads " etc 芯片"): it is the part's customer too.
				if from == h.start && from >= 2 && buf[from-1] == ' ' && isWordByte(buf[from-2]) {
					for from--; from > 0 && isWordByte(buf[from-1]); from-- {
					}
					from = max(from-1, 0) // the hit holds its padding
				}
			}
			spans = append(spans, custSpan{from, h.end - 1, keep})
		case markParts:
			// 空调配件, 洗衣机塑料配件: from the item's start or its last 及/和/
			// 与/或/等 (空调整机及配件 makes air conditioners) up to the head; a
			// chain word the head is part of (电动车配件, 汽车零部件) stays, as it
			// ends past the head, and what runs into it is still the customer
			// (新能源汽车零部件 makes parts, not cars).
			from := itemStart(buf, h.start)
			if i := bytes.LastIndexAny(buf[from:h.start], conjunctions+"等"); i >= 0 {
				from += int32(i)
			}
			parts = append(parts, custSpan{from, h.start, 0})
		case markWaste:
			if t.chainWordOver(s, h.start, h.end) {
				continue // 废旧电池 and 废旧家电 name the recycler's own node
			}
			to := end
			if i := bytes.IndexByte(buf[lo:end], ' '); i >= 0 {
				to = lo + i
			}
			if i := firstOf(buf[lo:to], wasteEnds, nil); i >= 0 {
				to = lo + i
			}
			spans = append(spans, custSpan{itemStart(buf, h.start), int32(to), 0})
		case markGive:
			if i := firstOf(buf[lo:end], giveEnds, nil); i > 0 {
				spans = append(spans, custSpan{int32(lo), int32(lo + i), 0})
			}
		case markWon:
			// 获得多家整车厂定点: those who nominated the firm their supplier,
			// up to a 的 (获得比亚迪的电驱定点 still makes drives).
			if i := bytes.Index(buf[lo:end], []byte("定点")); i > 0 {
				if j := bytes.Index(buf[lo:lo+i], []byte("的")); j >= 0 {
					i = j
				}
				spans = append(spans, custSpan{int32(lo), int32(lo + i), 0})
			}
		case markForEN:
			clause := int32(bytes.LastIndexByte(buf[:h.start], '|') + 1)
			// Hits keep the spaces around their words: "magnet for" share one.
			if t.chainWordOver(s, h.start+1, h.end-1) {
				continue
			}
			// "to" and "supplying" name customers only as makers ("supplies
			// cathode materials to battery makers"), as "for" does.
			w := bytes.TrimSpace(buf[h.start:h.end])
			to := bytes.Equal(w, []byte("to")) || bytes.Equal(w, []byte("supplying"))
			if to && !makersAfter(buf[h.end-1:end]) {
				continue
			}
			// The chains named before the mark in its clause stay (a design
			// house for MCUs designs them); "supplier to", "serving" and the
			// rest name the customers of what the whole text names before them.
			if !to && !bytes.Equal(w, []byte("for")) && !bytes.Equal(w, []byte("for use in")) {
				clause = 0
			}
			var before uint64
			var beforeNodes []int32
			named := func(from int32) {
				for _, e := range fresh {
					// Customers of an earlier mark (for lithium battery cell
					// production, supplier to battery makers) name no chain here.
					earlier := slices.ContainsFunc(spans, func(sp custSpan) bool {
						return sp.lo <= e.start && e.end <= sp.hi && sp.keep&chainBit(t.nodes[e.node].chainIdx) == 0
					})
					if e.start >= from && e.end <= h.start+1 && !e.dropped && !earlier {
						before |= chainBit(t.nodes[e.node].chainIdx)
						beforeNodes = append(beforeNodes, e.node)
					}
				}
			}
			named(clause)
			// A comma reads as a clause's end, but in English it often sets off
			// what the product is for (hub motors, 250W to 3000W, for e-bikes;
			// PECVD, etching and cleaning tools for fabs): where its own clause
			// names nothing before the mark, the English clauses before it name
			// the product.
			for before == 0 && clause >= 2 && asciiWord(buf[h.start:h.end]) {
				prev := int32(bytes.LastIndexByte(buf[:clause-1], '|') + 1)
				if !asciiWord(buf[prev : clause-1]) {
					break
				}
				clause = prev
				named(clause)
			}
			if before == 0 {
				continue
			}
			hi := int32(englishListEnd(buf, lo, end))
			spans = append(spans, custSpan{h.end - 1, hi, before})
			// In the chains named before, what those words supply is their
			// customer too, all down the list (hub motors for electric bicycles,
			// e-scooters and light electric motorcycles).
			var customers uint64
			for i := range fresh {
				a := &fresh[i]
				if a.start < h.end-1 || a.end > hi {
					continue
				}
				customers |= chainBit(t.nodes[a.node].chainIdx)
				if !a.dropped && slices.ContainsFunc(beforeNodes, func(b int32) bool { return t.supplies[[2]int32{b, a.node}] }) {
					a.dropped, a.customer = true, true
				}
			}
			// Of two words before the mark that overlap, of two chains, the
			// one of the customers' chain names the product: lithium battery
			// packs for e-bikes are e-bike packs, not traction batteries.
			for i := range fresh {
				a := &fresh[i]
				if a.dropped || a.start < clause || a.end > h.start+1 || customers&chainBit(t.nodes[a.node].chainIdx) != 0 {
					continue
				}
				if slices.ContainsFunc(fresh, func(b tagEvidence) bool {
					return !b.dropped && b.start < a.end && a.start < b.end && b.end <= h.start+1 && customers&chainBit(t.nodes[b.node].chainIdx) != 0
				}) {
					a.drop(asideOtherChain)
				}
			}
		case markPastEnd, markPastStart:
			// An English "parent group" is background wherever it stands.
			english := asciiWord(buf[h.start:h.end])
			if !english && firstOf(buf, projectMarks, nil) < 0 {
				continue
			}
			clause := int32(bytes.LastIndexByte(buf[:h.start], '|') + 1)
			if mark == markPastStart {
				spans = append(spans, custSpan{h.end, int32(end), 0})
			} else if i := bytes.LastIndex(buf[clause:h.start], []byte("以")); i >= 0 {
				spans = append(spans, custSpan{clause + int32(i), h.start, 0})
			} else {
				spans = append(spans, custSpan{clause, h.start, 0})
			}
		case markServe:
			if hasAnyPrefix(buf[lo:], "的", "于") || t.chainWordOver(s, h.start, h.end) {
				continue
			}
			last := -1
			for _, w := range servedFirms {
				last = max(last, bytes.LastIndex(buf[lo:end], []byte(w)))
			}
			if last > 0 {
				spans = append(spans, custSpan{int32(lo), int32(lo + last), 0})
			}
		}
	}
	s.spans, s.services = spans, services
	for i := range fresh {
		a := &fresh[i]
		for _, sp := range spans {
			if a.dropped || sp.lo > a.start || a.end > sp.hi || sp.keep&chainBit(t.nodes[a.node].chainIdx) != 0 {
				continue
			}
			k := slices.IndexFunc(services, func(v serviceSpan) bool { return v.span == sp })
			if k >= 0 && services[k].node == a.node {
				continue // the service's own words (CRO服务、药物研发)
			}
			a.dropped, a.customer = true, true
			if k >= 0 && a.field != fIndustry {
				s.market |= chainBit(t.nodes[a.node].chainIdx)
			}
			break
		}
		// What the chain's parts node supplies, right before a parts head (at
		// most two characters between: 洗衣机塑料配件, 摩托车零配件), names what
		// the parts are for: the firm is the chain's parts maker. Other words
		// (电机配件 of a motor node the parts node does not supply) and chains
		// without a parts node keep their own node.
		if p := t.parts[t.nodes[a.node].chainIdx]; !a.dropped && !a.label && !a.contextual && p >= 0 && t.supplies[[2]int32{p, a.node}] &&
			slices.ContainsFunc(parts, func(sp custSpan) bool { return sp.lo <= a.start && a.end <= sp.hi && sp.hi-a.end <= twoHan }) {
			// Inferred from the customer's word, a little weaker than a word
			// naming the node: 摩托车制造；摩托车零配件制造 makes motorcycles first.
			a.node, a.weight = p, a.weight*0.9
		}
	}
}

// qualifiesOther reports whether the label word h runs straight into, overlaps
// or lies inside a keyword of another chain only, which then names the thing:
// 新能源乘用车 is a car, 电池热管理 thermal management, 电池托盘 a body part,
// 全自动化学发光分析仪 an analyser and 风电装备制造 wind power equipment, not a
// new-energy, battery, automation or equipment-chain firm.
func (t *Tagger) qualifiesOther(s *tagScratch, h acHit, chain int32) bool {
	for _, o := range s.hits {
		inside := o.start <= h.start && h.end <= o.end && o.end-o.start > h.end-h.start
		after := o.start > h.start && o.start <= h.end && o.end > h.end // 全自动化学发光: 化学发光
		before := o.start < h.start && h.start < o.end && o.end < h.end // 风电装备制造: 风电装备
		if !after && !inside && !before {
			continue
		}
		p := &t.patterns[o.pattern]
		other := false
		for _, q := range p.pos {
			if t.nodes[q.node].chainIdx == chain {
				return false
			}
			other = true
		}
		for _, q := range p.labels {
			if t.labels[q.node].chainIdx == chain {
				return false
			}
		}
		if other {
			return true
		}
	}
	return false
}

// modifies reports whether hit h is followed in the same item, within two
// characters, by a word of another chain than chain (the label's) that h is not
// part of: 汽车 in 汽车水泵 or 汽车钢板弹簧, but not in 汽车租赁 or 新能源汽车; nor in
// 汽车转向节, whose word names a node of the label's chain itself.
func (t *Tagger) modifies(s *tagScratch, h acHit, chain int32) bool {
	found := false
	for _, o := range s.hits {
		p := &t.patterns[o.pattern]
		if len(p.pos) == 0 && len(p.labels) == 0 {
			continue // a negative or a contextual word only (汽车装备 is equipment for car makers)
		}
		if o.start <= h.start && h.end <= o.end && o.end-o.start > h.end-h.start {
			return false // h is part of a longer word (新能源汽车, 汽车座椅)
		}
		if o.start >= h.end && o.start-h.end <= twoHan && !bytes.ContainsAny(s.buf[h.end:o.start], "| "+conjunctions) {
			if slices.ContainsFunc(p.pos, func(q posting) bool { return t.nodes[q.node].chainIdx == chain }) {
				return false // the word names the label's node itself (汽车转向节)
			}
			found = true
		}
	}
	return found
}

const (
	twoHan       = 2 * 3  // bytes of two Chinese characters in UTF-8
	conjunctions = "及和与或" // join the items of a list without a separator
)

// compound reports whether the word of text starting at start is all Chinese and
// follows a Chinese character other than a conjunction (及, 和, 与, 或): the head
// of a compound word.
func compound(text []byte, start int32) bool {
	r, _ := utf8.DecodeLastRune(text[:start])
	if !unicode.Is(unicode.Han, r) || strings.ContainsRune(conjunctions, r) {
		return false
	}
	r, _ = utf8.DecodeRune(text[start:])
	return unicode.Is(unicode.Han, r)
}

// forUse reports whether the text between two words starts with a word of use
// (forUseWords: 用, 专用, 配套, 适配 …) and runs on for at most eight characters
// of the same item, a model number counting as one (电动自行车用锂电池, 两轮电动车
// 用18650、21700圆柱锂电芯: cells for e-bikes; 挖掘机配套液压油缸, 平衡车适配的
// 轮毂电机); 用于 and 适用于 (used for: the customer follows) and 用品 (goods)
// are not this use.
func forUse(between []byte) bool { return linked(between, forUseWords) }

// linked reports whether between opens with one of words and then holds at most
// eight characters of the same item (no conjunction, no separator).
func linked(between []byte, words []string) bool {
	var rest []byte
	ok := false
	for _, w := range words {
		if rest, ok = bytes.CutPrefix(between, []byte(w)); ok {
			break
		}
	}
	if !ok || bytes.HasPrefix(rest, []byte("于")) || bytes.HasPrefix(rest, []byte("品")) ||
		forUseLength(rest) > 8 || bytes.ContainsAny(rest, "|"+conjunctions) {
		return false
	}
	// A space inside the same item pads an ASCII word (21700); any other
	// space separates items (from 、 or /).
	for i, c := range rest {
		if c == ' ' && !(i > 0 && isWordByte(rest[i-1]) || i+1 < len(rest) && isWordByte(rest[i+1])) {
			return false
		}
	}
	return true
}

// forUseWords link a product before them to the component after them that is
// made for it (forUse).
var forUseWords = []string{"用", "专用", "配套", "适配", "配用", "适用"}

// forUseLength counts the characters of b that forUse limits, up to 9: a run of
// ASCII letters and digits (a model number such as 21700) counts as one, spaces
// none.
func forUseLength(b []byte) int {
	n := 0
	for i := 0; i < len(b) && n <= 8; {
		r, size := utf8.DecodeRune(b[i:])
		if isWordByte(b[i]) {
			for i+size < len(b) && isWordByte(b[i+size]) {
				size++
			}
		}
		if r != ' ' {
			n++
		}
		i += size
	}
	return n
}

// maxCustomerGap is the most text, in bytes, between a supplier's word and its
// customer's that forCustomer reads: a list of a clause's products before one
// "for" fits, and a long field is not read pair by pair to its end.
const maxCustomerGap = 256

// forCustomer reports whether the text between a supplier's word and a later
// word introduces that word as its customer: the same item, and "for",
// "supplied to", "sold to", "used in" or "used by" before it, perhaps with up to
// two words between ("the", the "e" of "for e-bikes", "12-inch") or an earlier
// customer and "and".
func forCustomer(between []byte) bool {
	if len(between) > maxCustomerGap || bytes.IndexByte(between, '|') >= 0 {
		return false
	}
	// Hits keep the spaces around their words, so between may start with "for".
	t := " " + string(bytes.TrimSpace(between)) + " "
	for _, m := range [...]string{" for ", " supplied to ", " sold to ", " used in ", " used by "} {
		i := strings.LastIndex(t, m)
		if i < 0 {
			continue
		}
		// Up to two words may qualify the customer ("for 12-inch wafer fabs",
		// "for EV traction inverters"), or it may be the next of a list ("for
		// functional-food and dietary-supplement makers").
		rest := t[i+len(m)-1:]
		if len(rest) <= 16 && strings.Count(rest, " ") <= 3 || len(rest) <= 40 && (strings.HasSuffix(rest, " and ") || strings.HasSuffix(rest, " or ")) {
			return true
		}
	}
	return false
}

// activity reports whether the word of text that ends at end, or the word that
// follows it, names an activity rather than a product (药物研发, 电池研发, 检测服务).
func activity(text []byte, end int32) bool {
	for _, w := range [...]string{"研发", "研究", "开发", "服务"} {
		if bytes.HasSuffix(text[:end], []byte(w)) || bytes.HasPrefix(text[end:], []byte(w)) {
			return true
		}
	}
	return false
}

// vetoedKind reports whether a negative of node that ends with h names a kind
// of h's word: 服务机器人 of 机器人, not 机器人编程 or 农业机械服务.
func (t *Tagger) vetoedKind(negs []acHit, node int32, h acHit) bool {
	return slices.ContainsFunc(negs, func(n acHit) bool {
		return n.start < h.start && n.end == h.end && slices.Contains(t.patterns[n.pattern].neg, node)
	})
}

func (t *Tagger) vetoed(negs []acHit, node int32, h acHit) bool {
	for _, n := range negs {
		if n.start > h.start || n.end < h.end {
			continue
		}
		for _, v := range t.patterns[n.pattern].neg {
			if v == node {
				return true
			}
		}
	}
	return false
}

// minContext is the weight a piece of evidence needs to give its chain the
// context contextual keywords require: a weak cross-chain label (专用机械 for chip
// equipment) does not make 测试 chip testing.
const minContext = 0.3

// tradeFactor scales a scope keyword whose item only sells or leases the product
// (电动自行车销售, 家用电器批发, 工程机械租赁), or an industry column that names a
// trade or leasing class (五金产品批发, 机械设备经营租赁): a trader is weaker
// evidence than a maker. A label word in such an item only gives its chain
// context.
const tradeFactor = 0.4

// registerHeads open the parts of a registered scope; the item before one ends
// there even without a separator (…销售（除依法须经批准的项目外…）许可项目：…).
var registerHeads = []string{"一般项目", "许可项目"}

// registerHead reports whether b starts with one of registerHeads; the first
// byte (of 一 or 许) rules out most places cheaply.
func registerHead(b []byte) bool {
	return len(b) > 0 && (b[0] == 0xe4 || b[0] == 0xe8) && hasAnyPrefix(b, registerHeads...)
}

// tradeClause reports whether the scope item that continues at text[from:] ends in
// one of tradeEndings (销售, 批发, 租赁, 进出口, ...) without a making verb (生产, 制造, 研发, 加工, ...)
// between the keyword and that ending: 电动车销售 sells, 电动车的研发、生产、销售
// makes. Items end at a clause separator (normalised to '|') outside parentheses;
// parenthesised remarks such as （除依法须经批准的项目外，…） are skipped.
func tradeClause(text []byte, from int) bool {
	last, end := itemEnd(text, from)
	item := text[:last]
	for _, t := range tradeTails {
		item = bytes.TrimSuffix(item, []byte(t))
	}
	item = dealerRepair(item)
	if !hasAnySuffix(item, tradeEndings...) {
		return false
	}
	tail := text[from:end]
	return !slices.ContainsFunc(makingVerbs, func(verb string) bool { return hasVerb(tail, verb) })
}

// generics sets aside the evidence at generic nodes (Node.Generic: machining,
// castings, moulds) where the firm's own words, by a keyword or a label, name a
// node of another chain: 汽车转向节铸件的铸造与机加工 makes car parts, and
// casting and machining are how. Goods that a tool later in their item is for
// (汽车覆盖件模具) name no goods of the firm's: it makes the tool.
func (t *Tagger) generics(s *tagScratch) {
	var generic, named uint64 // chains of generic evidence; chains the firm's own words name
	for _, e := range s.ev {
		switch n := &t.nodes[e.node]; {
		case e.dropped:
		case n.generic:
			generic |= chainBit(n.chainIdx)
		case !e.code && !e.tooled && e.field != fIndustry:
			named |= chainBit(n.chainIdx)
		}
	}
	if generic == 0 || named&^generic == 0 {
		return
	}
	for i := range s.ev {
		if e := &s.ev[i]; !e.dropped && t.nodes[e.node].generic {
			e.drop(asideGeneric)
		}
	}
}

// pastASCII moves the start of an item back over an ASCII word padded with
// spaces inside it (锂电池PACK自动化装配线 reads "锂电池 pack 自动化装配线") to the
// start of the Chinese word before it, which is the same item's.
func pastASCII(buf []byte, from int32) int32 {
	if from < 2 || buf[from-1] != ' ' || !isWordByte(buf[from-2]) {
		return from
	}
	j := from - 1
	for j > 0 && isWordByte(buf[j-1]) {
		j--
	}
	if j >= 2 && buf[j-1] == ' ' && buf[j-2] >= utf8.RuneSelf {
		return itemStart(buf, j-1)
	}
	return j
}

// hanNext reports whether b starts with a Chinese character other than a
// conjunction or 等: the word before it runs on into a compound.
func hanNext(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return r >= 0x4E00 && r <= 0x9FFF && !strings.ContainsRune(conjunctions+"等", r)
}

// materialTails continue a material's word as the material itself (塑料原料,
// 橡胶粒子, 塑料改性), not as a thing made of it.
var materialTails = []string{"原料", "粒子", "颗粒", "树脂", "材料", "改性", "合金", "母粒", "助剂", "制品"}

// toolWords end the words of tools that generic nodes make for other chains'
// goods (Node.Generic): a mould is not a casting.
var toolWords = []string{"模具", "检具", "夹具", "治具"}

// serviceClause reports whether the scope item that continues at text[from:]
// ends in a service done to goods (安装, 维修, 修理, 保养, 维保, 检修, 运维, with
// or without 服务) and holds no verb of making or trade: 空调、冰箱维修及安装服务
// serves air conditioners and fridges; 电梯制造、安装、维修 makes lifts.
func serviceClause(text []byte, from int) bool {
	last, end := itemEnd(text, from)
	item := bytes.TrimSuffix(text[:last], []byte("服务"))
	if !hasAnySuffix(bytes.TrimRight(item, " "), serviceDone...) {
		return false
	}
	tail := text[from:end]
	return !slices.ContainsFunc(makingVerbs, func(verb string) bool { return hasVerb(tail, verb) }) &&
		!slices.ContainsFunc(tradeEndings, func(w string) bool { return bytes.Contains(tail, []byte(w)) })
}

// ownedMachines reports whether the machines or lines from start to end are
// counted as the firm's own (喷气织机200台, 4条自动化产线) in a clause that
// says nothing of making, selling or delivering them (年产起重机3000台 makes
// cranes; 为客户交付30条焊装线 builds lines).
func ownedMachines(buf []byte, start, end int32) bool {
	w := bytes.TrimRight(buf[start:end], " ")
	var counted bool
	switch {
	case hasAnySuffix(w, machineEnds...) || hasAnySuffix(w, "机床", "机器人"):
		rest := bytes.TrimLeft(buf[end:], " 共约")
		n := len(rest) - len(bytes.TrimLeft(rest, countDigits))
		counted = n > 0 && hasAnyPrefix(bytes.TrimLeft(rest[n:], " 余多"), "台", "套")
	case hasAnySuffix(w, "线"):
		if head, ok := bytes.CutSuffix(bytes.TrimRight(buf[:start], " "), []byte("条")); ok {
			head = bytes.TrimRight(head, " ")
			counted = len(bytes.TrimRight(head, countDigits)) < len(head)
		}
	}
	if !counted {
		return false
	}
	from := bytes.LastIndexByte(buf[:start], '|') + 1
	return firstOf(buf[from:start], notOwned, nil) < 0
}

// countDigits are the characters a count is written in.
const countDigits = "0123456789一二三四五六七八九十百千万两"

// notOwned, before counted machines in their clause, make them the firm's goods.
var notOwned = []string{"年产", "产能", "生产", "制造", "研发", "销售", "销量", "出口", "交付", "提供", "为"}

// clauseAround returns the bounds of the clause (between '|' marks) that holds
// text[start:end].
func clauseAround(text []byte, start, end int32) (from, to int) {
	from, to = bytes.LastIndexByte(text[:start], '|')+1, len(text)
	if i := bytes.IndexByte(text[end:], '|'); i >= 0 {
		to = int(end) + i
	}
	return from, to
}

// serviceClauseEN reports whether the English word from start to end names goods
// a service is done to: the next word is one of serviceDoneEN ("compressor repair
// and overhaul") or its clause opens with them and "of" ("installation and
// maintenance of CNC machine tools"), or with verbs of service right before the
// goods ("installs and repairs air conditioners"), with no word of making in the
// clause.
func serviceClauseEN(text []byte, start, end int32) bool {
	from, to := clauseAround(text, start, end)
	// A word of making up to the goods makes them the firm's; after them it
	// names their owners ("in customers' factories", "for Pearl River Delta
	// factories").
	if !asciiWord(text[start:end]) || firstOf(text[from:end], makingWordsEN, nil) >= 0 {
		return false
	}
	if next := bytes.Fields(text[end:to]); len(next) > 0 && slices.Contains(serviceDoneEN, string(next[0])) {
		return true
	}
	// the clause opens with services joined by "and", then "of"; or with
	// verbs of service, then the goods, perhaps with two words of their own
	// before them (repairs CNC machine tools, installs split air conditioners)
	services, verbs, own := false, true, 0
	for _, w := range bytes.Fields(text[from:start]) {
		if own > 0 {
			own++
			continue
		}
		switch {
		case string(w) == "of":
			return services
		case slices.Contains(serviceVerbsEN, string(w)):
			services = true
		case slices.Contains(serviceDoneEN, string(w)):
			services, verbs = true, false
		case string(w) == "and":
		case services && verbs:
			own = 1
		default:
			return false
		}
	}
	return services && verbs && own <= 2
}

// serviceVerbsEN are English verbs of service as normalizeText stems them
// (installs, repairs, overhauls).
var serviceVerbsEN = []string{"install", "repair", "overhaul", "maintain", "refurbish", "retrofit", "relocate", "recondition", "rebuild", "recalibrate", "calibrate"}

// serviceDoneEN are the English services done to goods.
var serviceDoneEN = []string{"repair", "repairs", "maintenance", "overhaul", "overhauls", "servicing", "installation", "refurbishment", "retrofit", "retrofits", "retrofitting", "rebuilding", "rebuild", "reconditioning"}

// serviceDone are the services done to goods that end a service clause.
var serviceDone = []string{"安装", "维修", "修理", "保养", "维护", "维保", "检修", "运维", "调试", "修复", "检测"}

// servicers places a firm whose every word in a chain with a service node
// (Chain.Service) is goods a service clause names (空调、热水器、洗衣机的安装、
// 维修; 家用电器维修) at that node: it serves those goods, it does not make them.
func (t *Tagger) servicers(s *tagScratch) {
	var serviced, other uint64
	for i := range s.ev {
		e := &s.ev[i]
		if e.dropped || e.code || e.field == fIndustry && !e.serviced {
			continue
		}
		ch := t.nodes[e.node].chainIdx
		switch {
		case t.service[ch] < 0 && e.serviced && (e.label || e.field != fScope && e.field != fProducts):
			// the goods a repair shop's name, a repair class (助动车等修理与维护)
			// or a broad word of a repair item (电气设备修理) names, in a
			// chain with no service node: its market
			e.drop(asideCustomer)
			e.customer = true
			s.market |= chainBit(ch)
		case t.service[ch] < 0:
		case e.serviced:
			serviced |= chainBit(ch)
		case !e.label && e.node != t.service[ch] && e.field != fName && e.field != fNameEN:
			other |= chainBit(ch)
		}
	}
	if serviced &^= other; serviced == 0 {
		return
	}
	for i := range s.ev {
		e := &s.ev[i]
		ch := t.nodes[e.node].chainIdx
		if !e.dropped && e.serviced && serviced&chainBit(ch) != 0 {
			e.node = t.service[ch]
		}
	}
}

// dealerRepair cuts the repair a dealer offers after its trade from the end of a
// scope item (电动自行车的销售与维修, 摩托车销售、维修): such an item trades the
// goods it names.
func dealerRepair(item []byte) []byte {
	for _, r := range []string{"维修", "修理", "保养", "维修服务", "售后服务"} {
		if !bytes.HasSuffix(item, []byte(r)) {
			continue
		}
		rest := bytes.TrimRight(item[:len(item)-len(r)], " ")
		for _, c := range []string{"与", "及", "和", "并"} {
			rest = bytes.TrimSuffix(rest, []byte(c))
		}
		if rest = bytes.TrimRight(rest, " "); hasAnySuffix(rest, tradeEndings...) {
			return rest
		}
	}
	return item
}

// itemEnd reads the scope item that continues at text[from:]: items end at a
// clause separator (normalised to '|') or a register's heading outside
// parentheses. It returns where the item's text outside parentheses ends (last)
// and where the item ends (end), so that (…除依法须经批准的项目外…) remarks are
// skipped.
func itemEnd(text []byte, from int) (last, end int) {
	depth := 0
	last, end = from, len(text)
	for i := from; i < len(text); i++ {
		c := text[i]
		if depth == 0 && (c == '|' || registerHead(text[i:])) {
			return last, i
		}
		switch {
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case c != ' ' && depth == 0:
			last = i + 1
		}
	}
	return last, end
}

// excluded reports whether start lies in a bracketed remark that excludes what it
// names (（不含电动自行车整车）, （除医疗器械外）).
func excluded(buf []byte, start int32) bool {
	open := bytes.LastIndexByte(buf[:start], '(')
	return open >= 0 && bytes.IndexByte(buf[open:start], ')') < 0 &&
		hasAnyPrefix(bytes.TrimLeft(buf[open+1:start], " "), "不含", "不包括", "除", "不得", "不从事", "不涉及")
}

// tradeTails close a trade item of the foreign-invested wording (…的批发、佣金代理
// （拍卖除外）、进出口及相关配套业务) after its last verb of trade.
var tradeTails = []string{"相关配套业务", "相关配套服务", "及", "并提供"}

// tradeLead reports whether the scope item that starts at from opens with a verb
// of trade (销售电动自行车、电动车配件; 代理国际品牌MCU芯片; 经销…), or follows a
// heading of trade verbs alone (批发、零售：汽车配件、摩托车配件, the older wording),
// and has no making verb: the firm sells the goods it names there.
func tradeLead(text []byte, from int32) bool {
	item := text[from:]
	if i := bytes.IndexByte(item, '|'); i >= 0 {
		item = item[:i]
	}
	if slices.ContainsFunc(makingVerbs, func(verb string) bool { return hasVerb(item, verb) }) {
		return false
	}
	if hasAnyPrefix(bytes.TrimLeft(item, " "), tradeLeads...) {
		return true
	}
	if from < 2 {
		return false
	}
	heading := text[bytes.LastIndexByte(text[:from-1], '|')+1 : from-1]
	if i := bytes.IndexByte(heading, '('); i >= 0 {
		heading = heading[:i] // 销售（含网上销售）：
	}
	n := 0
	for w := range bytes.FieldsSeq(heading) {
		if !slices.Contains(tradeLeads, string(w)) {
			return false
		}
		n++
	}
	return n > 0
}

// tradeLeads are the verbs of trade that open an item or a heading.
var tradeLeads = []string{"销售", "批发", "零售", "经销", "代理", "代销", "分销", "批发零售", "批发兼零售", "代理销售"}

// hasVerb reports whether text holds verb other than as the start of goods named
// with it (verbNouns).
func hasVerb(text []byte, verb string) bool {
	for i := 0; ; i += len(verb) {
		j := bytes.Index(text[i:], []byte(verb))
		if j < 0 {
			return false
		}
		i += j
		if !slices.ContainsFunc(verbNouns, func(n string) bool { return bytes.HasPrefix(text[i:], []byte(n)) }) {
			return true
		}
	}
}

var makingVerbs = []string{"生产", "制造", "研发", "加工", "开发", "设计", "组装", "装配", "封装", "炮制", "提取", "合成", "冶炼", "种植", "培育"}

// verbNouns are goods whose names begin with a verb of making: 合成树脂销售 and
// 加工中心销售 are trade.
var verbNouns = []string{"合成树脂", "合成材料", "合成橡胶", "合成纤维", "合成革", "提取物", "加工中心", "开发板"}

// tradeClauseEN reports whether the English clause of the word from start to end
// says the firm only sells it ("distributor of replacement brake pads", "wholesale
// of ...", "distributing vaccines", "CNC machine tool distributor", but not "hub
// motors for distributors"), with no word of making in the clause up to the word
// (after it one names the customers: "selling memory chips to EMS factories").
func tradeClauseEN(text []byte, start, end int32) bool {
	from, to := clauseAround(text, start, end)
	clause := text[from:to]
	if bytes.IndexFunc(clause, func(r rune) bool { return r >= 'a' && r <= 'z' }) < 0 || firstOf(text[from:end], makingWordsEN, nil) >= 0 {
		return false
	}
	if firstOf(text[from:start+1], tradeWordsEN, nil) >= 0 { // the hit keeps the space before it
		return true
	}
	after := bytes.TrimRight(text[end:to], " ")
	for _, e := range tradeEndsEN {
		if at := len(after) - len(e); bytes.HasSuffix(after, []byte(e)) && (at == 0 || after[at-1] == ' ') {
			before := bytes.Fields(text[from : int(end)+at])
			return !slices.Contains(customerWordsEN, string(before[len(before)-1]))
		}
	}
	return false
}

var (
	tradeWordsEN  = []string{" distributor ", " distribution of ", " distribute ", " distributing ", " sell ", " selling ", " wholesale ", " wholesaler ", " trading ", " trader ", " dealer ", " reseller "}
	makingWordsEN = []string{" manufacture", " produce", " make ", " maker ", " design", " develop", " assemble", " factory ", " oem "}
	// tradeEndsEN end a clause that names the goods first ("brake pad distributor")
	tradeEndsEN = []string{"distributor", "distributors", "dealer", "dealers", "wholesaler", "wholesalers", "trader", "traders", "reseller", "resellers", "importer", "importers", "import agent", "sales agent", "wholesale", "trading"}
	// customerWordsEN before a trade end make the traders customers
	customerWordsEN = []string{"for", "to", "via", "through", "with", "by"}
)

// processEnds end the words of a node named for how its goods are made (一体化压铸,
// 精密冲压, "we forge"): before a product they say how it is made, not what it is for
// (一体化压铸车身结构件 is a casting as well as a body part).
var processEnds = []string{"压铸", "铸造", "锻造", "冲压", "注塑", " forge ", " forged ", " die cast ", " hpdc "}

// ofHead reports whether 的 links a word ending at end to the word b, as forUse's
// words do, and b is a product, not a process or a verb of making (拖拉机、收割机的
// 变速箱齿轮 makes gears; 转向节铸件的铸造 still casts knuckles).
func ofHead(buf []byte, end int32, b *tagEvidence) bool {
	w := buf[b.start:b.end]
	return linked(buf[end:b.start], ofWords) && !hasAnySuffix(w, processEnds...) &&
		!slices.ContainsFunc(makingVerbs, func(v string) bool { return bytes.HasSuffix(w, []byte(v)) })
}

var ofWords = []string{"的"}

// partMaterials are materials a part is made of, written between the product it
// is for and the part (光伏组件铝合金边框, 电动车铝合金车架 make frames).
var partMaterials = []string{"铝合金", "合金", "铝", "钢", "不锈钢", "铜", "铸铁", "铸铝", "塑料", "橡胶", "硅胶", "尼龙", "陶瓷", "玻璃", "碳纤维"}

// partMaterial reports whether b is one of partMaterials.
func partMaterial(b []byte) bool {
	for _, m := range partMaterials {
		if string(b) == m {
			return true
		}
	}
	return false
}

// dealer reports whether a text names the firm a dealer (是…的授权经销商, 是…
// 总代理商) and names no making: then every chain word in it is goods it
// trades (常年备有各类轴承现货).
func dealer(buf []byte) bool {
	for clause := range bytes.SplitSeq(buf, []byte("|")) {
		clause = bytes.TrimSpace(clause)
		if bytes.Contains(clause, []byte("是")) && hasAnySuffix(clause, dealerHeads...) {
			return !slices.ContainsFunc(makingVerbs, func(verb string) bool { return hasVerb(buf, verb) })
		}
	}
	return false
}

// nameKind is what a registered name's last business word says the firm is.
type nameKind uint8

const (
	nameNone    nameKind = iota
	nameTrade            // a trader (某某电动车商行, 某某汽车销售服务有限公司)
	nameService          // a service no node provides (某某汽车零部件物流有限公司)
	nameRepair           // a repair shop (某某电动车维修部, 某某家电维修中心)
)

// nameRole reads the normalised name buf: the words before its legal form
// (有限公司, 股份有限公司, 集团, (有限合伙) ...) that end in one of nameTradeEnds or
// nameServiceEnds say the firm trades, or serves, what the chain words before
// them name. It returns the kind and where that last word starts.
func nameRole(buf []byte) (nameKind, int32) {
	biz := bytes.TrimRight(buf, " ")
	if hasAnySuffix(biz, "分公司", "分厂", "办事处") {
		// a branch (某某物流有限公司某某分公司) is its company's business
		for _, f := range companyForms {
			if i := bytes.Index(biz, []byte(f)); i >= 0 && i+len(f) < len(biz) {
				biz = biz[:i+len(f)]
				break
			}
		}
	}
	for {
		n := len(biz)
		if bytes.HasSuffix(biz, []byte(")")) {
			if i := bytes.LastIndexByte(biz, '('); i >= 0 {
				biz = bytes.TrimRight(biz[:i], " ")
			}
		}
		for _, f := range legalForms {
			if bytes.HasSuffix(biz, []byte(f)) {
				biz = bytes.TrimRight(biz[:len(biz)-len(f)], " ")
				break
			}
		}
		if len(biz) == n {
			break
		}
	}
	for _, r := range []struct {
		kind nameKind
		ends []string
	}{{nameRepair, nameRepairEnds}, {nameService, nameServiceEnds}, {nameTrade, nameTradeEnds}} {
		for _, e := range r.ends {
			// a service may close with 服务 (人力资源服务, 物流服务)
			if bytes.HasSuffix(biz, []byte(e)) || r.kind == nameService && bytes.HasSuffix(biz, []byte(e+"服务")) {
				at := int32(bytes.LastIndex(biz, []byte(e)))
				if e == "车行" {
					at += int32(len("车")) // the 车 of 电动车行 is the goods'
				}
				return r.kind, at
			}
		}
	}
	return nameNone, -1
}

var (
	companyForms  = []string{"股份有限公司", "有限责任公司", "有限公司"}
	legalForms    = slices.Concat(companyForms, []string{"分公司", "公司", "集团", "合伙企业"})
	nameTradeEnds = slices.Concat([]string{"商行", "商贸", "经贸", "经营部", "门市部", "车行", "商店", "专卖店", "销售服务"}, tradeEndings)
	// the services of serviceHeadsZH that names end in, logistics and asset
	// management (a drug distributor's 医药物流 is its node's own word), funds
	// and equity investors (…产业投资基金, …股权投资合伙企业), which make nothing,
	// lessors (…工程机械租赁: its repair items serve its own fleet) and carriers
	// (…汽车运输: its trucks are its fleet); read before nameTradeEnds, which
	// hold 租赁 too
	nameServiceEnds = []string{"物流", "供应链", "供应链管理", "投资管理", "资产管理", "企业管理", "咨询", "人力资源", "基金", "股权投资", "创业投资", "租赁", "出租", "运输", "货运", "快运"}
)

// generalTradeClasses are the GB/T 4754 classes of general merchandise: 综合零售
// (百货, 超级市场, 便利店, 其他) and 其他未列明批发业.
var generalTradeClasses = []string{"5211", "5212", "5213", "5219", "5199"}

// generalFirst reports whether a registered scope's first item, its main
// business, is a general store's trade (日用百货销售).
func generalFirst(buf []byte) bool {
	k := 0
	for item := range bytes.SplitSeq(buf, []byte("|")) {
		w := bytes.TrimSpace(item)
		if len(w) == 0 || registerHead(w) && bytes.IndexByte(w, ' ') < 0 {
			continue
		}
		return k == 0 && slices.ContainsFunc(generalTrades, func(g string) bool { return bytes.Equal(w, []byte(g)) })
	}
	return false
}

// generalTrades are a general store's trade items in a registered scope.
var generalTrades = []string{"日用百货销售", "日用百货零售", "日用百货批发", "百货零售"}

// generalGoods end the name of a general store before its word of trade
// (某某百货商行, 某某日杂商店).
var generalGoods = []string{"百货", "日杂", "日用杂品", "杂货", "超市", "便利"}

// nameRepairEnds end the name of a repair shop; read before the services and
// trades (…维修服务部).
var nameRepairEnds = []string{"维修部", "修理部", "维修店", "修理店", "维修厂", "修理厂", "维修中心", "维修服务部", "维修站"}

// dealerHeads name a firm that trades what others make.
var dealerHeads = []string{"经销商", "代理商", "分销商", "贸易商", "批发商", "零售商"}

// tradeEndings end an item that only sells or leases what it names, or the
// older wording's import and export business (…的进口业务).
var tradeEndings = slices.Concat([]string{"销售", "零售", "批发", "经销", "贸易", "租赁", "出租", "租赁服务", "短租", "长租",
	"进出口", "进出口代理", "进口业务", "出口业务", "代理"}, dealerHeads)

// serviceEndings end the words of service nodes (机器人维修, 充电桩运营): a trade
// clause that names them is no mere trader's.
var serviceEndings = []string{"维修", "修理", "保养", "维护", "安装", "服务", "运营", "回收", "检测", "改造"}

// codeEvidence adds evidence from a GB/T 4754 code such as "C3751", "3751" or
// "375": an exact class is moderate evidence, a group prefix weak (a class no
// node holds counts at its group's, except in trade: tradeDivision). When a code
// is shared by several nodes of one chain the weight is split among them.
func (t *Tagger) codeEvidence(s *tagScratch, raw string) {
	code := industryDigits(raw)
	s.makerClass = len(code) >= 2 && code[:2] >= "13" && code[:2] <= "43" // section C
	s.castingClass = s.castingClass || slices.Contains(castingClasses, code)
	// A trader filed under the trade of goods no node holds (5174 五金产品批发)
	// sells a chain's goods as a side line, as a general store does.
	s.generalStore = s.generalStore || slices.Contains(generalTradeClasses, code) || len(code) == 4 && tradeDivision(code) && t.codes[code] == nil
	var nodes []int32
	var weight float32
	var match string
	switch {
	case len(code) == 4 && t.codes[code] != nil:
		nodes, weight, match = t.codes[code], weightCode, code
		s.classCode = !tradeDivision(code)
	case len(code) >= 3 && t.groups[code[:3]] != nil && !(len(code) == 4 && tradeDivision(code)):
		nodes, weight, match = t.groups[code[:3]], weightGroup, code[:3]+"x"
		s.classGroup = len(code) == 4
	default:
		return
	}
	s.tradeCode = tradeDivision(code)
	w := t.wordID[match]
	perChain := map[int32]int{}
	for _, n := range nodes {
		perChain[t.nodes[n].chainIdx]++
	}
	broad := len(perChain) > 2
	if broad && len(code) == 4 {
		// the class's name in the column is as broad as its code
		for i := range s.ev {
			if e := &s.ev[i]; e.field == fIndustry {
				e.broad = true
			}
		}
	}
	for _, n := range nodes {
		k := perChain[t.nodes[n].chainIdx]
		s.ev = append(s.ev, tagEvidence{node: n, field: fIndustryCode, match: w, code: true, broad: broad,
			weight: weight / (1 + 0.1*float32(k-1))})
	}
}

// tradeDivision reports whether a class code is in wholesale or retail (divisions
// 51 and 52), whose groups gather trades in unrelated goods (5172 cars and parts,
// 5174 hardware): a trade class that no node holds says nothing of its group's
// other classes, unlike a manufacturing class beside its group's (3459 beside
// 3451 bearings).
func tradeDivision(code string) bool { return code[:2] == "51" || code[:2] == "52" }

// industryDigits extracts the digits of a GB/T 4754 code: "C3751" → "3751",
// "C37 铁路、船舶..." → "37".
func industryDigits(raw string) string {
	raw = strings.TrimSpace(raw)
	i := 0
	for i < len(raw) && (raw[i] >= 'A' && raw[i] <= 'Z' || raw[i] >= 'a' && raw[i] <= 'z') {
		i++
	}
	j := i
	for j < len(raw) && raw[j] >= '0' && raw[j] <= '9' {
		j++
	}
	if j-i > 4 {
		return ""
	}
	return raw[i:j]
}

// collect turns evidence into tags: per node, distinct (field, keyword) pairs
// combine as 1 − Π(1 − w).
//
// Before that, contextual keywords count only for a chain that other evidence of
// the record names (a keyword, a label or the industry code), and every piece of
// evidence at a node that contrary evidence rules out is dropped. Then the
// record's own words narrow its industry column (narrowIndustry).
func (t *Tagger) collect(s *tagScratch) []chainmatch.NodeTag {
	if len(s.ev) == 0 {
		return nil
	}
	for i := range s.ev {
		if e := &s.ev[i]; !e.contextual && (!e.dropped || e.customer) && e.weight >= minContext {
			s.ctx = appendUnique(s.ctx, t.nodes[e.node].chainIdx)
		}
	}
	for i := range s.ev {
		e := &s.ev[i]
		switch {
		case slices.Contains(s.contra, e.node) || e.field == fIndustry && slices.Contains(s.contraInd, e.node):
			e.drop(asideContrary)
		case e.contextual && !slices.Contains(s.ctx, t.nodes[e.node].chainIdx) && !slices.Contains(s.enabled, e.node):
			e.dropped = true // a generic word (设备, 材料) without its chain: not worth explaining
		}
	}
	t.columnSettles(s)
	t.sideLines(s)
	t.traders(s)
	t.servicers(s)
	t.generics(s)
	t.narrowIndustry(s)
	// One word is one piece of evidence: a keyword inside a label's words at the
	// same node and in the same field (机床 in 机床制造) is the label's reading,
	// not a second one; the stronger of the two counts.
	for i := range s.ev {
		a := &s.ev[i]
		if !a.label {
			continue
		}
		for j := range s.ev {
			b := &s.ev[j]
			if a.dropped || b.label || b.dropped || b.node != a.node || b.field != a.field ||
				b.start < a.start || b.end > a.end {
				continue
			}
			if b.weight > a.weight {
				a.dropped = true
			} else {
				b.dropped = true
			}
		}
	}
	slices.SortStableFunc(s.ev, func(a, b tagEvidence) int {
		if a.node != b.node {
			return cmp.Compare(a.node, b.node)
		}
		if a.field != b.field {
			return cmp.Compare(a.field, b.field)
		}
		if a.match != b.match {
			return cmp.Compare(a.match, b.match)
		}
		return cmp.Compare(b.weight, a.weight) // the strongest occurrence first
	})
	var tags []chainmatch.NodeTag
	for i := 0; i < len(s.ev); {
		j := i
		prod := 1.0
		var evidence []chainmatch.Evidence
		var last *tagEvidence
		for ; j < len(s.ev) && s.ev[j].node == s.ev[i].node; j++ {
			e := &s.ev[j]
			if e.dropped || last != nil && last.field == e.field && last.match == e.match {
				continue
			}
			last = e
			prod *= 1 - float64(e.weight)
			kind := KindKeyword
			switch {
			case e.code:
				kind = KindIndustryCode
			case e.label:
				kind = KindLabel
			}
			evidence = append(evidence, chainmatch.Evidence{Field: fieldNames[e.field], Match: t.words[e.match], Kind: kind})
		}
		conf := 1 - prod
		if len(evidence) > 0 && conf >= MinConfidence {
			n := t.nodes[s.ev[i].node]
			tags = append(tags, chainmatch.NodeTag{Chain: n.chain, Node: n.node,
				Confidence: float64(int(conf*1000+0.5)) / 1000, Evidence: evidence})
		}
		i = j
	}
	slices.SortStableFunc(tags, func(a, b chainmatch.NodeTag) int {
		if a.Confidence != b.Confidence {
			return cmp.Compare(b.Confidence, a.Confidence)
		}
		// Of equally sure nodes, one the firm's own text names comes first: its
		// scope says more than its name (电子装配设备 in the scope of 某某自动化
		// 设备公司), its name more than someone else's column.
		if r := cmp.Compare(ownWords(a), ownWords(b)); r != 0 {
			return r
		}
		if a.Chain != b.Chain {
			return strings.Compare(a.Chain, b.Chain)
		}
		return strings.Compare(a.Node, b.Node)
	})
	return tags
}

// ownWords ranks a tag by the most specific field its evidence comes from: 0 the
// firm's own text (scope, products, a talent's field or expertise), 1 its name, 2
// anything else (an industry column or code, an institution).
func ownWords(nt chainmatch.NodeTag) int {
	r := 2
	for _, e := range nt.Evidence {
		switch e.Field {
		case FieldScope, FieldProducts, FieldField, FieldExpertise:
			return 0
		case FieldName, FieldNameEN:
			r = 1
		}
	}
	return r
}

// narrowIndustry lets a record's own words narrow what its industry column says.
// The column is someone else's broad class (a Tushare label, a technology list's
// sector, a register's 行业); the name, scope and products say what the firm does.
//
//   - In a chain where the firm's own words name a node, the column's evidence at
//     the chain's other nodes is dropped: 新能源汽车 beside 汽车电子、智能驾驶域控制器
//     confirms auto parts and leaves the node to auto electronics, not to car
//     makers; 工程机械 beside the name 恒立液压 leaves hydraulics.
//   - Where the scope or products name nodes, the column's evidence in a chain
//     they do not name counts half, and a broad column (a division, a section
//     or a vendor's sector, not a class name: className) is dropped there when
//     the firm's keywords name a node elsewhere: 专用设备制造业 beside
//     助行器、电动轮椅 is the division of rehabilitation aids, 生物技术 beside
//     蛋白粉、维生素片 no sign of biologics, and a vendor's sector that is a
//     keyword no more (机器人 beside 腔镜手术机器人, 新能源汽车 beside 锂电池隔膜). A
//     class name is the firm's own filing and only counts half (汽车零部件及配件制造
//     beside 机械零部件加工). A name alone does not discount the column (贵州轮胎
//     with 汽车配件 stays in auto parts), nor does a column the scope repeats in
//     an item (OwnScope): that column is the firm's own word, a keyword of it
//     whole (新能源汽车 in both) and a label of it half, as the firm's own labels
//     are below.
//   - A class whose column or code names nodes of several chains (3976 光电子器件
//     制造: lidar and optoelectronic devices; 3985 电子专用材料制造: chip, battery
//     and magnetic materials) says which chains the firm may be in; where its
//     keywords name one of them, the class's evidence in the others is dropped.
//     Keywords of a register's catalogue items restate the class (电机制造 beside
//     3812) and narrow nothing; the firm's own words do (防爆电机、伺服马达).
//   - Where the firm's own words name no node, a column they name only as the
//     clients of a service (股权投资、医疗健康产业投资基金 under 生物医药), as goods
//     it only sells or leases (traders: 机器人租赁服务 under 机器人), or whose word
//     they name as a customer (新能源汽车融资租赁 under 新能源汽车) is the firm's
//     market and is dropped; a broad label column counts half. A column
//     keyword that a negative vetoed in the firm's words (机器人 over 机器人编程课程)
//     is dropped wherever those words name no evidence at its node.
//   - The column's contrary words rule out only the column's own evidence (scan):
//     新能源汽车 beside 电动三轮车、电动摩托车 leaves the firm its e-motorcycles.
//   - A broad word of the firm's own text (a label) is narrowed the same way:
//     where its keywords name a node in another chain only, the label counts
//     half (以智能制造为核心，建设集成灶生产基地 makes kitchen appliances; 中医药膳养生
//     is a wellness service more than a medicine).
//   - In a chain where the firm's own keywords name nodes, any label, the
//     column's or its own, counts half at the chain's other nodes: a label says
//     the firm is somewhere in the chain, a keyword where (汽车零部件及配件制造；
//     汽车转向节锻件 under 汽车制造业 makes forgings more than any part).
//
// Otherwise the industry code is not narrowed: a GB/T 4754 class is the firm's
// own filing. Two readings of it are ours, not the firm's, and need its own
// words where it has some: a class no node holds read at its group's nodes (3071
// 建筑陶瓷制品制造 at special ceramics), and a class of trade beside words that
// trade only other chains' goods (5179 beside 泵及真空设备销售；阀门和旋塞销售).
func (t *Tagger) narrowIndustry(s *tagScratch) {
	// A keyword that a negative vetoed in the record's own words is what they
	// say it is where they name its node no other way: the name's word, where
	// the scope and products do not name the node (某某机器人有限公司 making
	// 配送机器人、消杀机器人; 平安养老 over 养老金管理); and, where the negative
	// names a kind of it (服务机器人), the bare word anywhere, where no other
	// keyword names the node (服务机器人；贝拉机器人): no industrial robot.
	for i := range s.ev {
		e := &s.ev[i]
		if e.dropped || e.label || e.field == fIndustry {
			continue
		}
		pair := [2]int32{e.node, e.match}
		var otherwise func(o *tagEvidence) bool
		switch {
		case slices.Contains(s.kinds, pair):
			otherwise = func(o *tagEvidence) bool { return !o.label && o.field != fIndustry && o.match != e.match }
		case e.field == fName && slices.Contains(s.vetoed, pair):
			otherwise = func(o *tagEvidence) bool { return o.field == fScope || o.field == fProducts }
		default:
			continue
		}
		if !slices.ContainsFunc(s.ev, func(o tagEvidence) bool { return !o.dropped && o.node == e.node && otherwise(&o) }) {
			e.drop(asideContrary)
		}
	}
	t.narrowName(s)
	s.own, s.ownChains, s.scopeChains, s.kwChains, s.kwNodes = s.own[:0], s.ownChains[:0], s.scopeChains[:0], s.kwChains[:0], s.kwNodes[:0]
	s.ownKwChains = s.ownKwChains[:0]
	ownGoods := false // a keyword outside catalogue items names goods, not a process or a basic part (Node.Generic)
	for i := range s.ev {
		e := &s.ev[i]
		if e.dropped || e.field == fIndustry || e.field == fIndustryCode {
			continue
		}
		ch := t.nodes[e.node].chainIdx
		s.own = appendUnique(s.own, e.node)
		s.ownChains = appendUnique(s.ownChains, ch)
		if e.field == fScope || e.field == fProducts {
			s.scopeChains = appendUnique(s.scopeChains, ch)
		}
		if !e.label && !e.code {
			s.kwChains = appendUnique(s.kwChains, ch)
			s.kwNodes = appendUnique(s.kwNodes, e.node)
			if !e.catalogue {
				s.ownKwChains = appendUnique(s.ownKwChains, ch)
				ownGoods = ownGoods || !t.nodes[e.node].generic
			}
		}
	}
	for i := range s.ev {
		// The column's keyword that a negative vetoed in the firm's own words
		// is what those words say it is: 机器人 over 机器人编程课程 is no
		// industrial robot.
		if e := &s.ev[i]; !e.dropped && e.field == fIndustry && !e.label && !slices.Contains(s.own, e.node) &&
			slices.Contains(s.vetoed, [2]int32{e.node, e.match}) {
			e.drop(asideContrary)
		}
	}
	for i := range s.ev {
		// The code's reading that the firm's own words do not bear out: a
		// class no node holds read at its group's (3071 建筑陶瓷 at special
		// ceramics), or a class of trade beside words that trade other
		// chains' goods (5179 beside 泵及真空设备销售；阀门和旋塞销售).
		e := &s.ev[i]
		bit := chainBit(t.nodes[e.node].chainIdx)
		if !e.dropped && e.code && s.ownText && !slices.Contains(s.ownChains, t.nodes[e.node].chainIdx) &&
			(s.classGroup || s.tradeCode && s.market != 0 && s.market&bit == 0) {
			e.drop(asideBroadColumn)
		}
	}
	if len(s.ownChains) == 0 {
		// A scope that names no chain speaks against a broad industry label
		// (生物技术 over 有机肥料、微生物菌剂; 汽车服务 over 驾驶员培训): it counts half;
		// a column it names as its clients or customers is its market.
		for i := range s.ev {
			e := &s.ev[i]
			if e.dropped || e.field != fIndustry {
				continue
			}
			switch {
			case s.serviceFirm || s.market&chainBit(t.nodes[e.node].chainIdx) != 0 || t.ownCustomer(s, e):
				e.drop(asideCustomer)
			case s.ownText && e.label:
				e.weight /= 2
			}
		}
		return
	}
	if len(s.ownKwChains) == 0 && slices.ContainsFunc(s.ev, func(o tagEvidence) bool { return o.field == fIndustry }) {
		// Where every keyword is in a catalogue item, those that do not repeat
		// the column's words narrow its class: 半导体照明器件制造 beside
		// 光电子器件制造 under 3976 is lighting, no lidar. (A code alone names
		// no words: its catalogue items restate it.)
		for i := range s.ev {
			if e := &s.ev[i]; !e.dropped && e.catalogue && !e.label && !e.code &&
				!slices.ContainsFunc(s.ev, func(o tagEvidence) bool { return o.field == fIndustry && o.match == e.match }) {
				s.ownKwChains = appendUnique(s.ownKwChains, t.nodes[e.node].chainIdx)
			}
		}
	}
	t.columnChains(s)
	// The firm's own words name goods of chains the column's class names none
	// of (食用菌提取物 under 1495 食品及饲料添加剂制造): the class is the register's
	// filing, the words what the firm makes. Processes and basic parts
	// (Node.Generic: 机械零部件加工 under 汽车零部件及配件制造) say how it makes
	// them and leave the class standing, as does a scope that repeats the column.
	classElsewhere := !s.repeated && ownGoods && !slices.ContainsFunc(s.ownKwChains, func(c int32) bool { return slices.Contains(s.colChains, c) })
	classNarrowed := len(s.colChains) > 1 && slices.ContainsFunc(s.ownKwChains, func(c int32) bool { return slices.Contains(s.colChains, c) })
	for i := range s.ev {
		e := &s.ev[i]
		if e.dropped {
			continue
		}
		ch := t.nodes[e.node].chainIdx
		if classElsewhere && (e.field == fIndustry || e.field == fIndustryCode) {
			e.drop(asideBroadColumn)
			continue
		}
		if classNarrowed && (e.field == fIndustry || e.field == fIndustryCode || e.catalogue) && !slices.Contains(s.ownKwChains, ch) {
			e.drop(asideClass)
			continue
		}
		// A code of three or more chains' nodes (3985 电子专用材料制造) is as
		// broad as a division: it is the chain the firm's keywords name among
		// them, even in catalogue items (磁性材料生产；电子专用材料制造).
		if e.broad && !slices.Contains(s.kwChains, ch) && slices.ContainsFunc(s.kwChains, func(c int32) bool { return slices.Contains(s.colChains, c) }) {
			e.drop(asideClass)
			continue
		}
		if e.label && slices.Contains(s.kwChains, ch) && !slices.Contains(s.kwNodes, e.node) {
			e.weight /= 2
		}
		if e.field == fIndustryCode && s.castingClass && slices.Contains(s.ownChains, ch) && !slices.Contains(s.own, e.node) {
			t.castParts(s, e.node) // 3391 over 汽车转向节的铸造
		}
		if e.field != fIndustry {
			if e.label && len(s.kwChains) > 0 && !slices.Contains(s.kwChains, ch) {
				if e.catalogue || e.side {
					// a register's catalogue item or side line (第二类医疗器械生产
					// beside 体外诊断试剂研发)
					e.drop(asideCatalogueWord)
					continue
				}
				e.weight /= 2
			}
			continue
		}
		switch {
		case slices.Contains(s.ownChains, ch):
			if !slices.Contains(s.own, e.node) && !(s.castingClass && t.castParts(s, e.node)) {
				e.drop(asideColumnNode)
			}
		case len(s.scopeChains) > 0 && len(s.kwChains) > 0 && !s.classColumn && !s.repeated:
			e.drop(asideBroadColumn)
		case len(s.scopeChains) > 0 && (!s.repeated || e.label):
			e.weight /= 2
		}
	}
}

// castParts: a firm filed under a foundry's or forge's class (castingClasses)
// casts or forges the parts its own words name: those of the products node n
// supplies are n's castings (汽车转向节、制动钳体的铸造 under 黑色金属铸造), as in
// labelHeads. It reports whether any were.
func (t *Tagger) castParts(s *tagScratch, n int32) bool {
	cast := false
	for i := range s.ev {
		if c := &s.ev[i]; !c.dropped && !c.label && !c.code && c.field != fIndustry && t.supplies[[2]int32{n, c.node}] {
			c.node, c.weight, cast = n, c.weight*0.9, true
		}
	}
	return cast
}

// castingClasses are the GB/T 4754 classes of foundries and forges: 黑色金属铸造,
// 有色金属铸造, 锻件及粉末冶金制品制造.
var castingClasses = []string{"3391", "3392", "3393"}

// narrowName lets the firm's scope and products narrow what its name says, as
// they narrow the industry column. A registered name's industry word is broad
// and often older than the business (常州某某机械有限公司 making die-cast motor
// housings for cars, 某某制冷设备有限公司 making car air-conditioning compressors):
//
//   - Where the scope or products name a node by a keyword, the name's evidence
//     in chains they name no word of is dropped. Where they name its chain, even
//     by a broad word, the name stays evidence (某某轴承有限公司 making 精密轴承、
//     滚珠丝杠; 某某汽车电子有限公司 making 汽车域控制器).
//   - A name that ends in a service that trades and makes nothing (某某人力资源
//     服务有限公司, 某某管理咨询有限公司: nameRole) makes every chain the scope and
//     products name its clients (汽车零部件装配、搬运、包装劳务外包).
//   - A firm filed under a making class (a column or a code) that names none
//     of its name's chains, and whose text names none either, makes that
//     class's goods: its name's broad word (a label: 某某新材料有限公司 under
//     木质家具制造) is dropped there; its name's product word stays (某某光伏支架
//     制造有限公司 under 金属结构制造).
//   - Where they name no node, a chain they name only as the clients of a
//     service, as goods the firm only sells (traders) or as a customer
//     (昆山某某电子材料有限公司 making packaging 为电子、半导体企业配套) is the firm's
//     market, and the name's evidence there is dropped; so is a label of the
//     name (某某新材料有限公司 making concrete; 某某新能源集团's hotel project).
func (t *Tagger) narrowName(s *tagScratch) {
	var customers uint64 // the chains the text names as customers
	var named uint64     // the chains the text names, by a keyword or a label
	keyword := false     // the text names a node by a keyword
	for i := range s.ev {
		e := &s.ev[i]
		if e.field != fScope && e.field != fProducts {
			continue
		}
		if s.clientsOnly && !e.dropped {
			e.drop(asideCustomer)
			e.customer = true
			s.market |= chainBit(t.nodes[e.node].chainIdx)
		}
		if e.customer && e.why != asideTradeLabel { // a broad word of a trade item is no customer
			customers |= chainBit(t.nodes[e.node].chainIdx)
		}
		if !e.dropped {
			named |= chainBit(t.nodes[e.node].chainIdx)
			keyword = keyword || !e.label && !e.code
		}
	}
	for i := range s.ev {
		e := &s.ev[i]
		if e.dropped || e.field != fName && e.field != fNameEN {
			continue
		}
		bit := chainBit(t.nodes[e.node].chainIdx)
		switch {
		case keyword:
			if named&bit == 0 {
				e.drop(asideBroadName)
			}
		case e.label && (s.classColumn || s.makerClass) && named&bit == 0 && !slices.ContainsFunc(s.ev, func(o tagEvidence) bool {
			return !o.dropped && (o.field == fIndustry || o.field == fIndustryCode) && chainBit(t.nodes[o.node].chainIdx) == bit
		}):
			e.drop(asideBroadName)
		case !s.ownText || named != 0:
		case s.serviceFirm || (s.market|customers)&bit != 0:
			e.drop(asideCustomer)
		case e.label:
			e.drop(asideBroadName)
		}
	}
}

// ownCustomer reports whether the record's own words name e's node with e's word
// as a customer.
func (t *Tagger) ownCustomer(s *tagScratch, e *tagEvidence) bool {
	return slices.ContainsFunc(s.ev, func(o tagEvidence) bool {
		return o.customer && o.field != fIndustry && o.field != fIndustryCode && o.node == e.node && o.match == e.match
	})
}

// normalizeKeyword normalises a keyword like text, then trims the boundary spaces
// except next to an ASCII word, so "IGBT模块" must start a word but "锂电池" may sit
// inside 锂电池组.
func normalizeKeyword(kw string) string {
	b := normalizeText(nil, kw)
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	if isWordByte(s[0]) {
		s = " " + s
	}
	if isWordByte(s[len(s)-1]) {
		s += " "
	}
	return s
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// usSpelling writes the British spellings of the trade's words as American
// ones, after stemming, so that either spelling matches either: an injection
// moulding machine is an injection molding machine.
var usSpelling = map[string]string{
	"mould": "mold", "moulding": "molding", "moulded": "molded", "fibre": "fiber", "tyre": "tire",
	"aluminium": "aluminum", "colour": "color", "sulphur": "sulfur", "sulphate": "sulfate", "sulphide": "sulfide",
	"centre": "center", "metre": "meter", "litre": "liter", "vapour": "vapor", "analyser": "analyzer",
	"catalyse": "catalyze", "programme": "program", "galvanised": "galvanized", "optimised": "optimized",
}

// normalizeText appends the normal form of s to dst: ASCII words lowercased,
// plural-folded and written as " word "; full-width ASCII folded to half-width;
// letters of other scripts kept; clause separators (；。，：) written as " | " and
// brackets as " ( " and " ) ", so no keyword matches across them; everything else
// a single space; British spellings written as American ones (usSpelling).
func normalizeText(dst []byte, s string) []byte {
	dst = append(dst, ' ')
	wordStart := -1
	nLower := 0        // lowercase letters in the word: none in an acronym such as CMOS
	lastLower := false // the word's last letter was lowercase
	flush := func() {
		if wordStart < 0 {
			return
		}
		w := dst[wordStart:]
		switch n := len(w); {
		case nLower == 1 && lastLower && n >= 3 && w[n-1] == 's':
			w = w[:n-1] // an acronym's plural: MCUs, ICs, IGBTs
		case nLower > 0 || n > 5:
			w = stemWord(w)
		}
		if us, ok := usSpelling[string(w)]; ok {
			w = []byte(us)
		}
		dst = append(dst[:wordStart], w...)
		dst = append(dst, ' ')
		wordStart = -1
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		switch {
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if wordStart < 0 {
				if dst[len(dst)-1] != ' ' {
					dst = append(dst, ' ')
				}
				wordStart = len(dst)
				nLower = 0
			}
			lastLower = r >= 'a'
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			} else if lastLower {
				nLower++
			}
			dst = append(dst, byte(r))
		case r >= 0x4E00 && r <= 0x9FFF, r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r)):
			flush()
			dst = utf8.AppendRune(dst, r)
		default:
			flush()
			var mark byte
			switch r {
			case '；', ';', '。', '，', ',', '\n', '：', ':':
				mark = '|'
			case '（', '(', '【', '[':
				mark = '('
			case '）', ')', '】', ']':
				mark = ')'
			}
			if dst[len(dst)-1] != ' ' {
				dst = append(dst, ' ')
			}
			if mark != 0 {
				dst = append(dst, mark, ' ')
			}
		}
	}
	flush()
	if dst[len(dst)-1] != ' ' {
		dst = append(dst, ' ')
	}
	return dst
}

// stemWord folds English plurals in place: batteries → battery, boxes → box,
// motorcycles → motorcycle; glass, process, chassis and short words stay. The
// caller leaves short all-capital words (CMOS, MEMS, ADAS) alone.
func stemWord(w []byte) []byte {
	n := len(w)
	if n <= 3 || w[n-1] != 's' || w[0] < 'a' {
		return w
	}
	switch {
	case esPlural[string(w)]:
		w = w[:n-2]
	case hasSuffix(w, "ies"):
		w = append(w[:n-3], 'y')
	case hasSuffix(w, "sses"):
		w = w[:n-2]
	case hasSuffix(w, "ss"), hasSuffix(w, "us"), hasSuffix(w, "is"):
	case hasSuffix(w, "xes"), hasSuffix(w, "ches"), hasSuffix(w, "shes"), hasSuffix(w, "zes"):
		w = w[:n-2]
	default:
		w = w[:n-1]
	}
	return w
}

// esPlural are plurals of nouns ending in s that add -es (most -ses plurals drop
// only the s: cases, phases, fuses).
var esPlural = map[string]bool{"gases": true, "buses": true, "lenses": true, "biases": true, "atlases": true}

func hasSuffix(w []byte, suf string) bool {
	return len(w) >= len(suf) && string(w[len(w)-len(suf):]) == suf
}
