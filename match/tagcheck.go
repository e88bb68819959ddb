package match

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/chainmatch/chainmatch"
)

// A TagCase is one hand-labelled firm, or talent, and the chain and nodes it
// belongs to (Chain "" when it belongs to none of the chains).
type TagCase struct {
	Line   int // where it was read, for reports
	Firm   chainmatch.Enterprise
	Talent *chainmatch.Talent // a talent's case (Firm is then empty)
	Chain  string
	Nodes  []string // acceptable nodes of Chain, any one is right
}

// TagCheck is how well the tagger places a set of TagCases. A firm is placed, in
// every chain it is tagged to, at its most confident node there. Node precision is
// the share of placements that are a case's chain with one of its nodes; node recall
// the share of cases with a chain whose placement in that chain is one of its nodes.
// Chain precision and recall are the same at the level of chains; TopChain counts
// cases whose most confident tag is in their chain, NoneClean cases without a chain
// that are tagged to none.
//
// Reliability says how far a placement's confidence can be trusted: the
// placements in each bin of confidence and how many of them are right.
type TagCheck struct {
	Cases, WithChain, Placed, PlacedRight, NodeFound  int
	ChainPlacedRight, ChainFound, TopChain, NoneClean int
	Misses                                            []TagMiss
	Reliability                                       [len(confidenceBins)]ReliabilityBin
}

// confidenceBins are the lower edges of TagCheck.Reliability's bins, set
// between the confidences evidence gives: at least MinConfidence; 0.55 for
// one keyword of a firm's scope, 0.6 of its products or industry column; about
// 0.8 for two agreeing words; 0.9 and more for three.
var confidenceBins = [...]float64{MinConfidence, 0.3, 0.5, 0.6, 0.75, 0.9}

// A ReliabilityBin counts the placements whose confidence lies in [From, To)
// (the last bin includes 1) and the right ones among them.
type ReliabilityBin struct {
	From, To      float64
	Placed, Right int
}

// Precision is the share of the bin's placements that are right, 0 when it
// has none.
func (b ReliabilityBin) Precision() float64 { return share(b.Right, b.Placed) }

// A TagMiss is a case the tagger got wrong in some way: Kind is "chain" (not placed
// in its chain), "node" (placed at another node), "top" (its chain is not the
// most confident), "extra" (also placed in another chain) or "none" (a firm of no
// chain placed in one). Got lists the placements, most confident first.
type TagMiss struct {
	Case TagCase
	Kind string
	Got  []chainmatch.NodeTag
	// Aside are the words a rule set aside at the case's nodes (or anywhere in
	// its chain, for a "chain" miss): why the tagger did not place it there.
	Aside []SetAside
}

// share returns a/b, 0 when b is 0.
func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// NodePrecision, NodeRecall, ChainPrecision and ChainRecall are the TagCheck's
// ratios (see TagCheck).
func (c *TagCheck) NodePrecision() float64  { return share(c.PlacedRight, c.Placed) }
func (c *TagCheck) NodeRecall() float64     { return share(c.NodeFound, c.WithChain) }
func (c *TagCheck) ChainPrecision() float64 { return share(c.ChainPlacedRight, c.Placed) }
func (c *TagCheck) ChainRecall() float64    { return share(c.ChainFound, c.WithChain) }

// Check tags every case and counts how well the placements fit the labels.
func (t *Tagger) Check(cases []TagCase) TagCheck {
	var c TagCheck
	for i := range c.Reliability {
		c.Reliability[i].From, c.Reliability[i].To = confidenceBins[i], 1
		if i+1 < len(confidenceBins) {
			c.Reliability[i].To = confidenceBins[i+1]
		}
	}
	for _, tc := range cases {
		var tags []chainmatch.NodeTag
		var aside []SetAside
		if tc.Talent != nil {
			tags, aside = t.ExplainTalent(tc.Talent)
		} else {
			tags, aside = t.Explain(&tc.Firm)
		}
		c.add(tc, tags, aside)
	}
	return c
}

// add counts one case with the tags the tagger gave it.
func (c *TagCheck) add(tc TagCase, tags []chainmatch.NodeTag, aside []SetAside) {
	c.Cases++
	placed := placements(tags)
	kind := ""
	if tc.Chain == "" {
		if len(placed) == 0 {
			c.NoneClean++
		} else {
			kind = "none"
		}
	} else {
		c.WithChain++
		switch k := slices.IndexFunc(placed, func(p chainmatch.NodeTag) bool { return p.Chain == tc.Chain }); {
		case k < 0:
			kind = "chain"
		case !slices.Contains(tc.Nodes, placed[k].Node):
			c.ChainFound++
			kind = "node"
		default:
			c.ChainFound++
			c.NodeFound++
		}
		if len(placed) > 0 && placed[0].Chain == tc.Chain {
			c.TopChain++
		} else if kind == "" {
			kind = "top"
		}
		if kind == "" && len(placed) > 1 {
			kind = "extra"
		}
	}
	for _, p := range placed {
		c.Placed++
		k := len(confidenceBins) - 1
		for k > 0 && p.Confidence < confidenceBins[k] {
			k--
		}
		b := &c.Reliability[k]
		b.Placed++
		if p.Chain == tc.Chain {
			c.ChainPlacedRight++
			if slices.Contains(tc.Nodes, p.Node) {
				c.PlacedRight++
				b.Right++
			}
		}
	}
	if kind != "" {
		m := TagMiss{Case: tc, Kind: kind, Got: placed}
		if kind == "chain" || kind == "node" || kind == "top" {
			for _, a := range aside {
				if a.Chain == tc.Chain && (kind == "chain" || slices.Contains(tc.Nodes, a.Node)) {
					m.Aside = append(m.Aside, a)
				}
			}
		}
		c.Misses = append(c.Misses, m)
	}
}

// placements keeps each chain's most confident tag; the tagger returns its tags
// most confident first, so they stay in that order.
func placements(tags []chainmatch.NodeTag) []chainmatch.NodeTag {
	var out []chainmatch.NodeTag
	for _, nt := range tags {
		if !slices.ContainsFunc(out, func(p chainmatch.NodeTag) bool { return p.Chain == nt.Chain }) {
			out = append(out, nt)
		}
	}
	return out
}

// ReadTagCases reads hand-labelled lines (ParseTagCase), tab-separated, skipping
// blank lines and lines that start with #. Every bad line is reported (the first
// 20) with its number, and then no case is returned; more than max lines, or a
// file with no case, is an error too.
func ReadTagCases(r io.Reader, chains []chainmatch.Chain, max int) ([]TagCase, error) {
	return readCases(r, chains, max, ParseTagCase)
}

// ReadTalentCases reads hand-labelled talent lines (ParseTalentCase) as
// ReadTagCases reads firms'.
func ReadTalentCases(r io.Reader, chains []chainmatch.Chain, max int) ([]TagCase, error) {
	return readCases(r, chains, max, ParseTalentCase)
}

func readCases(r io.Reader, chains []chainmatch.Chain, max int,
	parse func(int, []string, []chainmatch.Chain) (TagCase, error)) ([]TagCase, error) {
	var (
		cases []TagCase
		errs  []error
		bad   int
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if line > max {
			return nil, fmt.Errorf("more than %d lines; split the file", max)
		}
		tc, err := parse(line, strings.Split(s, "\t"), chains)
		if err != nil {
			if bad++; bad <= 20 {
				errs = append(errs, fmt.Errorf("line %d: %w", line, err))
			}
			continue
		}
		cases = append(cases, tc)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if bad > 20 {
		errs = append(errs, fmt.Errorf("and %d more bad lines", bad-20))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(cases) == 0 {
		return nil, errors.New("no labelled lines")
	}
	return cases, nil
}

// ParseTagCase reads one labelled line of fields: TEXT, CHAIN, NODES; INDUSTRY,
// TEXT, CHAIN, NODES; or NAME, INDUSTRY, TEXT, CHAIN, NODES, where TEXT is the
// firm's business text (scope or products), INDUSTRY its industry column and NAME
// its registered name (either of TEXT and INDUSTRY may be empty when the line has
// another), CHAIN a chain id or "none" (NODES then "none" or empty) and NODES
// space-separated node ids of the chain. Errors name the field.
func ParseTagCase(line int, fields []string, chains []chainmatch.Chain) (TagCase, error) {
	tc := TagCase{Line: line, Firm: chainmatch.Enterprise{ID: fmt.Sprintf("line-%d", line)}}
	switch len(fields) {
	case 3:
	case 4:
		tc.Firm.Industry = strings.TrimSpace(fields[0])
		fields = fields[1:]
	case 5:
		tc.Firm.Name = strings.TrimSpace(fields[0])
		tc.Firm.Industry = strings.TrimSpace(fields[1])
		fields = fields[2:]
	default:
		return tc, fmt.Errorf("%d fields, want 3 (TEXT, CHAIN, NODES), 4 (INDUSTRY, TEXT, CHAIN, NODES) or 5 (NAME, INDUSTRY, TEXT, CHAIN, NODES)", len(fields))
	}
	tc.Firm.Scope = strings.TrimSpace(fields[0])
	if tc.Firm.Scope == "" && tc.Firm.Industry == "" && tc.Firm.Name == "" {
		return tc, fmt.Errorf("text: empty")
	}
	var err error
	tc.Chain, tc.Nodes, err = parseChainNodes(fields[1], fields[2], chains)
	return tc, err
}

// ParseTalentCase reads one labelled talent line of fields: EXPERTISE, CHAIN,
// NODES; or FIELD, EXPERTISE, INSTITUTION, CHAIN, NODES, where FIELD is the
// talent's discipline, EXPERTISE the research directions or expertise and
// INSTITUTION the employer (any of the three may be empty when another is not),
// and CHAIN and NODES as in ParseTagCase. Errors name the field.
func ParseTalentCase(line int, fields []string, chains []chainmatch.Chain) (TagCase, error) {
	p := &chainmatch.Talent{ID: fmt.Sprintf("line-%d", line), Kind: chainmatch.KindTalent}
	tc := TagCase{Line: line, Talent: p}
	switch len(fields) {
	case 3:
		p.Expertise = strings.TrimSpace(fields[0])
		fields = fields[1:]
	case 5:
		p.Field, p.Expertise, p.Institution = strings.TrimSpace(fields[0]), strings.TrimSpace(fields[1]), strings.TrimSpace(fields[2])
		fields = fields[3:]
	default:
		return tc, fmt.Errorf("%d fields, want 3 (EXPERTISE, CHAIN, NODES) or 5 (FIELD, EXPERTISE, INSTITUTION, CHAIN, NODES)", len(fields))
	}
	if p.Field == "" && p.Expertise == "" && p.Institution == "" {
		return tc, fmt.Errorf("expertise: empty")
	}
	var err error
	tc.Chain, tc.Nodes, err = parseChainNodes(fields[0], fields[1], chains)
	return tc, err
}

// parseChainNodes reads a labelled line's CHAIN and NODES fields: "" and no
// nodes for none.
func parseChainNodes(chainField, nodesField string, chains []chainmatch.Chain) (string, []string, error) {
	chain, nodes := strings.TrimSpace(chainField), strings.Fields(nodesField)
	if chain == "none" {
		if len(nodes) > 0 && (len(nodes) != 1 || nodes[0] != "none") {
			return "", nil, fmt.Errorf("nodes: %q for chain none, want none or empty", nodesField)
		}
		return "", nil, nil
	}
	var ch *chainmatch.Chain
	for i := range chains {
		if chains[i].ID == chain {
			ch = &chains[i]
		}
	}
	if ch == nil {
		return "", nil, fmt.Errorf("chain: %q is not a chain id (see chainmatch chains) nor none", chain)
	}
	if len(nodes) == 0 {
		return "", nil, fmt.Errorf("nodes: empty, want one or more node ids of %s", chain)
	}
	for _, n := range nodes {
		if _, ok := ch.Node(n); !ok {
			return "", nil, fmt.Errorf("nodes: %q is not a node of %s", n, chain)
		}
	}
	return chain, nodes, nil
}
