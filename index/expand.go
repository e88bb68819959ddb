package index

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/chainmatch/chainmatch"
)

// expander maps what a user types to chain nodes, so a query in one language
// also searches the node's vocabulary in the other language and its node tag:
// "e-bike" searches 电动自行车, "wafer" searches 晶圆 and 硅片, 锂电池 searches
// "lithium battery".
type expander struct {
	// byKey maps a normalised keyword or node name to the nodes it names.
	byKey map[string][]int
	// zhKeys are the Chinese keys of three or more characters, for queries that
	// contain one (锂电池正极 → 锂电池).
	zhKeys []string
	nodes  []expNode
}

type expNode struct {
	id       string   // chain/node
	terms    []string // every keyword and name, both languages, as written
	negative []string
}

// maxExpansionTerms bounds the clauses one node adds to a query.
const maxExpansionTerms = 24

func newExpander(chains []chainmatch.Chain) *expander {
	x := &expander{byKey: map[string][]int{}}
	for _, c := range chains {
		for _, n := range c.Nodes {
			en := expNode{id: c.ID + "/" + n.ID, negative: n.Negative}
			seen := map[string]bool{}
			add := func(t string) {
				k := normKey(t)
				if k == "" || seen[k] {
					return
				}
				seen[k] = true
				if len(en.terms) < maxExpansionTerms {
					en.terms = append(en.terms, t)
				}
			}
			for _, t := range []string{n.Name, n.NameEN} {
				add(t)
			}
			for _, t := range n.Keywords {
				add(t)
			}
			for _, t := range n.KeywordsEN {
				add(t)
			}
			i := len(x.nodes)
			x.nodes = append(x.nodes, en)
			keys := append(append([]string{n.Name, n.NameEN}, n.Keywords...), n.KeywordsEN...)
			for _, t := range keys {
				k := normKey(t)
				if k == "" {
					continue
				}
				if !contains(x.byKey[k], i) {
					if len(x.byKey[k]) == 0 && hasHan(k) && len([]rune(k)) >= 3 {
						x.zhKeys = append(x.zhKeys, k)
					}
					x.byKey[k] = append(x.byKey[k], i)
				}
			}
		}
	}
	return x
}

// match returns the nodes whose vocabulary the text names: equal after
// normalisation (case, width, hyphens, spaces, an English plural), or, when
// contain is set and the text is Chinese, containing a Chinese keyword of three
// or more characters (锂电池正极 names 锂电池; 电池片, a solar cell, does not name
// the battery node through 电池: two characters are too generic to look for
// inside a longer word). A node is not matched when the text names one of its
// negative terms (电池回收 does not expand to the battery node).
func (x *expander) match(text string, contain bool) []*expNode {
	k := normKey(text)
	if k == "" {
		return nil
	}
	var idx []int
	for _, cand := range []string{k, strings.TrimSuffix(k, "s"), strings.TrimSuffix(k, "es")} {
		for _, i := range x.byKey[cand] {
			if !contains(idx, i) {
				idx = append(idx, i)
			}
		}
	}
	if contain && hasHan(k) {
		for _, zk := range x.zhKeys {
			if zk != k && strings.Contains(k, zk) {
				for _, i := range x.byKey[zk] {
					if !contains(idx, i) {
						idx = append(idx, i)
					}
				}
			}
		}
	}
	out := make([]*expNode, 0, len(idx))
	for _, i := range idx {
		n := &x.nodes[i]
		vetoed := false
		for _, ng := range n.negative {
			if nk := normKey(ng); nk != "" && strings.Contains(k, nk) {
				vetoed = true
				break
			}
		}
		if !vetoed {
			out = append(out, n)
		}
	}
	return out
}

// normKey folds width and case and drops spaces, hyphens and punctuation.
func normKey(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func contains(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}
