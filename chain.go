package chainmatch

import (
	"fmt"
	"regexp"
	"strings"
)

// Stage is a node's position in a chain.
type Stage string

// The three stages of an industrial chain.
const (
	Upstream   Stage = "upstream"
	Midstream  Stage = "midstream"
	Downstream Stage = "downstream"
)

// Valid reports whether s is one of the three stages.
func (s Stage) Valid() bool { return s == Upstream || s == Midstream || s == Downstream }

// Chain is an industrial chain (产业链): nodes and the supply edges between them.
type Chain struct {
	ID     string `json:"id"`
	Name   string `json:"name"`    // Chinese name, e.g. 智能短交通
	NameEN string `json:"name_en"` // English name
	Nodes  []Node `json:"nodes"`
	// Labels are the industry's broad words (an industry label such as 半导体 or
	// 电气设备, a GB/T 4754 class name) that place a record on the chain without
	// naming one node; each spreads its evidence over the nodes it may mean.
	Labels []Label `json:"labels,omitempty"`
	// Edges are supply relations: From supplies To.
	Edges []Edge `json:"edges"`
	// Parts is the node of the firms that make parts for the chain's finished
	// products (家电配件 for 空调配件, 冰箱配件); empty when the chain has none.
	Parts string `json:"parts,omitempty"`
	// Trade is the node of the firms that sell or distribute the chain's goods
	// (医药流通, 品牌销售与出口): a firm whose scope only trades the chain's
	// products is placed there, not at the products' nodes; empty when the
	// chain has none (a trader of its goods is then not in the chain).
	Trade string `json:"trade,omitempty"`
	// Service is the node of the firms that install, repair and maintain the
	// chain's goods (家电售后, 设备安装与维修): a firm whose scope only serves
	// goods of the chain (空调、冰箱维修及安装服务) is placed there, not at the
	// goods' nodes; empty when the chain has none.
	Service string `json:"service,omitempty"`
	// Materials marks a chain whose nodes are kinds of material (新材料) that the
	// products of other chains are made of: a word of another chain before a
	// material's word says what the material is for, not that it belongs to that
	// chain only (锂电池正极材料 is a cathode material of the battery chain and of
	// the materials chain alike).
	Materials bool `json:"materials,omitempty"`
	// Heads are the plain words of components that nodes make for the chain's
	// products (电机, 压缩机, 控制器, 车架; motor, housing): right after a word of a
	// product the node supplies (冰箱压缩机, 洗衣机用电机, 电动车控制器, washing
	// machine motors), or in English before "for" and the product (motors for
	// washing machines), such a word makes the firm the node's maker, not the
	// product's.
	Heads  []Head  `json:"heads,omitempty"`
	Source *Source `json:"source,omitempty"`
}

// Head is a node of a chain and the plain words of the components it makes
// (Chain.Heads).
type Head struct {
	Node  string   `json:"node"`
	Words []string `json:"words"`
}

// Node is one link (环节) of a chain.
type Node struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
	Stage  Stage  `json:"stage"`
	// Keywords and KeywordsEN are the positive vocabulary that places a business
	// text at this node; Negative holds terms (either language) that veto a match
	// of the keyword they contain, e.g. 电池回收 against 电池.
	Keywords   []string `json:"keywords"`
	KeywordsEN []string `json:"keywords_en"`
	Negative   []string `json:"negative,omitempty"`
	// Contextual keywords (either language) place a text at the node only when the
	// record also names the chain through another keyword or a label: 封装 is chip
	// packaging beside 半导体, not beside 食品. One of at most two characters that
	// ends a compound counts only after a word of the chain in the same item
	// (芯片测试设备, not 航拍设备).
	Contextual []string `json:"contextual,omitempty"`
	// Context words, anywhere in a record, give the node's contextual words their
	// context as a word of the chain does: 停车场服务 beside 物联网技术服务 or 软件开发
	// is a smart-parking operator's, beside 物业管理 alone a landlord's.
	Context []string `json:"context,omitempty"`
	// Contrary words (either language) anywhere in a record rule the node out: a
	// whole-vehicle car maker (汽车整车, 乘用车) is no e-bike maker, whatever
	// 电动车 it names.
	Contrary []string `json:"contrary,omitempty"`
	// Industries are GB/T 4754-2017 class codes (four digits) of the node.
	Industries []string `json:"industries"`
	// Importance in (0, 1]; when zero the chain graph's centrality is used.
	Importance float64 `json:"importance,omitempty"`
	// Generic marks a node of processes and basic parts that serve every chain
	// (机加工与基础件: 铸造, 机加工, 模具): a firm whose own words name a node of
	// another chain (汽车转向节铸件的铸造与机加工) is that chain's, and the generic
	// words say how it makes its goods.
	Generic bool `json:"generic,omitempty"`
}

// Edge is a supply relation between two nodes of one chain.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Label is a broad industry word and the nodes it may mean: Nodes[id] is the share
// P(node | label) (shares sum to at most 1; the rest is outside the chain). The
// embedded chains' sums are the editors' estimates; for the Tushare labels of the
// A-share list (电气设备, 元器件, 半导体, ...) the spread over the nodes is what
// hand-labelled listed firms of the label show (match's TestLabelShares).
type Label struct {
	Words []string           `json:"words"` // Chinese and English forms
	Nodes map[string]float64 `json:"nodes"`
	// Prefix words count only as the modifier of another word: followed in the
	// same item, within two characters, by a word of any chain (汽车 in 汽车水泵,
	// 汽车钢板弹簧), not on their own (汽车租赁, 汽车运输).
	Prefix bool `json:"prefix,omitempty"`
	// Column words count only in an industry column (a directory's sector tag
	// 智能制造): in the firm's own words they say how it makes things or what it
	// is about (智能制造、PC生产), not what it makes.
	Column bool `json:"column,omitempty"`
}

// Source names where a fact comes from and when it was true.
type Source struct {
	Name string `json:"name"`
	AsOf string `json:"as_of,omitempty"`
	URL  string `json:"url,omitempty"`
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	gbClassCode = regexp.MustCompile(`^[0-9]{4}$`)
)

// Node returns the node with id, or false.
func (c *Chain) Node(id string) (*Node, bool) {
	for i := range c.Nodes {
		if c.Nodes[i].ID == id {
			return &c.Nodes[i], true
		}
	}
	return nil, false
}

// Validate checks ids, names, stages, keywords, GB/T codes and edges. Each problem is
// reported with the path to the entry, e.g. nodes[3].keywords.
func (c *Chain) Validate() error {
	fe := FieldErrors{}
	if !idPattern.MatchString(c.ID) {
		fe.Add("id", fmt.Sprintf("%q is not a lowercase id", c.ID))
	}
	if c.Name == "" {
		fe.Add("name", "required")
	}
	if c.NameEN == "" {
		fe.Add("name_en", "required")
	}
	if len(c.Nodes) == 0 {
		fe.Add("nodes", "a chain needs nodes")
	}
	seen := map[string]bool{}
	for i, n := range c.Nodes {
		p := fmt.Sprintf("nodes[%d]", i)
		switch {
		case !idPattern.MatchString(n.ID):
			fe.Add(p+".id", fmt.Sprintf("%q is not a lowercase id", n.ID))
		case seen[n.ID]:
			fe.Add(p+".id", fmt.Sprintf("duplicate node id %q", n.ID))
		}
		seen[n.ID] = true
		if n.Name == "" {
			fe.Add(p+".name", "required")
		}
		if n.NameEN == "" {
			fe.Add(p+".name_en", "required")
		}
		if !n.Stage.Valid() {
			fe.Add(p+".stage", fmt.Sprintf("%q is not upstream, midstream or downstream", n.Stage))
		}
		if len(n.Keywords) == 0 {
			fe.Add(p+".keywords", "at least one Chinese keyword")
		}
		if len(n.KeywordsEN) == 0 {
			fe.Add(p+".keywords_en", "at least one English keyword")
		}
		for j, k := range append(append(append([]string{}, n.Keywords...), n.KeywordsEN...), n.Negative...) {
			if k == "" {
				fe.Add(fmt.Sprintf("%s.keywords[%d]", p, j), "empty keyword")
			}
		}
		for j, k := range n.Contextual {
			if k == "" {
				fe.Add(fmt.Sprintf("%s.contextual[%d]", p, j), "empty keyword")
			}
		}
		for j, k := range n.Contrary {
			if k == "" {
				fe.Add(fmt.Sprintf("%s.contrary[%d]", p, j), "empty word")
			}
		}
		for j, k := range n.Context {
			if k == "" {
				fe.Add(fmt.Sprintf("%s.context[%d]", p, j), "empty word")
			}
		}
		if len(n.Context) > 0 && len(n.Contextual) == 0 {
			fe.Add(p+".context", "context words give context to the node's contextual words, and it has none")
		}
		for j, code := range n.Industries {
			if !gbClassCode.MatchString(code) {
				fe.Add(fmt.Sprintf("%s.industries[%d]", p, j), fmt.Sprintf("%q is not a four-digit GB/T 4754 class", code))
			}
		}
		if n.Importance < 0 || n.Importance > 1 {
			fe.Add(p+".importance", "must be in [0, 1]")
		}
	}
	for i, l := range c.Labels {
		p := fmt.Sprintf("labels[%d]", i)
		if len(l.Words) == 0 {
			fe.Add(p+".words", "at least one word")
		}
		for j, w := range l.Words {
			if w == "" {
				fe.Add(fmt.Sprintf("%s.words[%d]", p, j), "empty word")
			}
		}
		if len(l.Nodes) == 0 {
			fe.Add(p+".nodes", "at least one node")
		}
		sum := 0.0
		for id, v := range l.Nodes {
			if !seen[id] {
				fe.Add(p+".nodes."+id, "unknown node")
			}
			if !(v > 0 && v <= 1) {
				fe.Add(p+".nodes."+id, "share must be in (0, 1]")
			}
			sum += v
		}
		if sum > 1+1e-9 {
			fe.Add(p+".nodes", fmt.Sprintf("shares sum to %.3f, more than 1", sum))
		}
	}
	for i, e := range c.Edges {
		p := fmt.Sprintf("edges[%d]", i)
		if !seen[e.From] {
			fe.Add(p+".from", fmt.Sprintf("unknown node %q", e.From))
		}
		if !seen[e.To] {
			fe.Add(p+".to", fmt.Sprintf("unknown node %q", e.To))
		}
		if e.From == e.To {
			fe.Add(p, "an edge joins two different nodes")
		}
	}
	if c.Parts != "" && !seen[c.Parts] {
		fe.Add("parts", fmt.Sprintf("unknown node %q", c.Parts))
	}
	if c.Trade != "" && !seen[c.Trade] {
		fe.Add("trade", fmt.Sprintf("unknown node %q", c.Trade))
	}
	if c.Service != "" && !seen[c.Service] {
		fe.Add("service", fmt.Sprintf("unknown node %q", c.Service))
	}
	for i, h := range c.Heads {
		p := fmt.Sprintf("heads[%d]", i)
		if !seen[h.Node] {
			fe.Add(p+".node", fmt.Sprintf("unknown node %q", h.Node))
		}
		if len(h.Words) == 0 {
			fe.Add(p+".words", "required")
		}
		for j, w := range h.Words {
			if strings.TrimSpace(w) == "" {
				fe.Add(fmt.Sprintf("%s.words[%d]", p, j), "empty")
			}
		}
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("chain %q: %w", c.ID, err)
	}
	return nil
}
