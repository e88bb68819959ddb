package match

import (
	"slices"

	"github.com/chainmatch/chainmatch"
)

// setAside says why a rule of the tagger did not count a word it read.
type setAside uint8

const (
	asideNone          setAside = iota
	asideCustomer               // names what the product is for
	asideOtherChain             // a word of two chains, settled by its compound
	asideContrary               // ruled out by contrary evidence
	asideSideLine               // a registered scope's side line
	asideTradeOnly              // goods only traded, in a chain with no trade node
	asideTradeLabel             // a broad word in a trade clause
	asideGeneric                // a process or basic part, beside another chain's goods
	asideCatalogueWord          // a broad word of a catalogue item, where the keywords name another chain
	asideClass                  // a class of several chains, narrowed by the firm's words
	asideColumnNode             // the column, where the firm's words name another node
	asideBroadColumn            // a broad column, where the firm's words name another chain
	asideBroadName              // the name, where the firm's scope or products name another chain
	asideBroadField             // a talent's field or institution, where the expertise names another chain
)

// asideText is each reason's code and its text in Chinese and English, by setAside.
var asideText = [...][3]string{
	asideCustomer:      {"customer", "指客户或用途，不是本企业的产品", "names a customer or use, not the firm's product"},
	asideOtherChain:    {"other_chain", "两链共用的词，词组指向另一条链", "a word of two chains; its compound names the other"},
	asideContrary:      {"contrary", "有相反证据", "ruled out by contrary evidence"},
	asideSideLine:      {"side_line", "经营范围的附带项目，主营项目与行业不在此链", "a side line of the registered scope; its main item and industry are in other chains"},
	asideTradeOnly:     {"trade_only", "只销售此链产品，此链无流通环节", "only sells this chain's goods, and the chain has no trade node"},
	asideTradeLabel:    {"trade_word", "销售条目中的宽泛词", "a broad word in a trade clause"},
	asideGeneric:       {"generic", "通用工艺或基础件，企业自身用词指向另一条链的产品", "a generic process or basic part; the firm's own words name another chain's goods"},
	asideCatalogueWord: {"catalogue_word", "经营范围目录条目中的宽泛词，企业的关键词指向另一条链", "a broad word of a registered catalogue item; the firm's keywords name another chain"},
	asideClass:         {"class", "行业分类跨多条链，企业自身用词指向其中另一条", "an industry class of several chains; the firm's own words name another of them"},
	asideColumnNode:    {"column_node", "行业栏较宽，企业自身用词指向本链另一环节", "a broad industry column; the firm's own words name another node of this chain"},
	asideBroadColumn:   {"broad_column", "行业栏较宽，企业自身用词指向另一条链", "a broad industry column; the firm's own words name another chain"},
	asideBroadName:     {"broad_name", "企业名称较宽，经营范围或产品指向另一条链", "the name is broad; the firm's scope or products name another chain"},
	asideBroadField:    {"broad_field", "学科或单位较宽，研究方向指向另一条链", "the field or institution is broad; the expertise names another chain"},
}

// SetAside is a word that named a node the firm is not tagged to, and the rule
// that did not count it.
type SetAside struct {
	Chain string `json:"chain"`
	Node  string `json:"node"`
	Field string `json:"field"`
	Match string `json:"match"`
	Kind  string `json:"kind"`
	// Reason is the rule's code (side_line, customer, broad_column, ...), with
	// its text in Chinese and English.
	Reason   string `json:"reason"`
	ReasonZH string `json:"reason_zh"`
	ReasonEN string `json:"reason_en"`
}

// Explain returns e's node tags, as Enterprise does, and the words set aside at
// the nodes it is not tagged to, each with its reason: why the tagger does not
// place a firm where a word of its text seems to say.
func (t *Tagger) Explain(e *chainmatch.Enterprise) ([]chainmatch.NodeTag, []SetAside) {
	s := t.scratch.Get().(*tagScratch)
	defer t.scratch.Put(s)
	tags := t.enterprise(s, e)
	return tags, t.setAside(s, tags)
}

// ExplainTalent returns p's node tags, as Talent does, and the words set aside,
// as Explain does for a firm.
func (t *Tagger) ExplainTalent(p *chainmatch.Talent) ([]chainmatch.NodeTag, []SetAside) {
	s := t.scratch.Get().(*tagScratch)
	defer t.scratch.Put(s)
	tags := t.talent(s, p)
	return tags, t.setAside(s, tags)
}

// setAside lists the evidence of s that a rule dropped at nodes not in tags.
func (t *Tagger) setAside(s *tagScratch, tags []chainmatch.NodeTag) []SetAside {
	var out []SetAside
	type key struct {
		node, match int32
		field       uint8
		why         setAside
	}
	seen := map[key]bool{}
	for _, ev := range s.ev {
		why := ev.why
		if why == asideNone && ev.customer {
			why = asideCustomer
		}
		n := t.nodes[ev.node]
		k := key{ev.node, ev.match, ev.field, why}
		if !ev.dropped || why == asideNone || seen[k] ||
			slices.ContainsFunc(tags, func(nt chainmatch.NodeTag) bool { return nt.Chain == n.chain && nt.Node == n.node }) {
			continue
		}
		seen[k] = true
		kind := KindKeyword
		switch {
		case ev.code:
			kind = KindIndustryCode
		case ev.label:
			kind = KindLabel
		}
		out = append(out, SetAside{Chain: n.chain, Node: n.node, Field: fieldNames[ev.field], Match: t.words[ev.match],
			Kind: kind, Reason: asideText[why][0], ReasonZH: asideText[why][1], ReasonEN: asideText[why][2]})
	}
	return out
}
