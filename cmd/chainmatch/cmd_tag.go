package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/match"
)

const tagSummary = `Show where the tagger places a firm in the chains (产业链环节), or measure it on
hand-labelled lines.

With a TEXT (the firm's business scope, products or a one-line description; the
arguments are joined by spaces), --name and --industry (an industry column: a
Tushare label, a GB/T 4754 class, a register's 行业, or a path through the
classification's levels such as 制造业-汽车制造业-汽车零部件及配件制造, read at its
most specific level that names a node), it prints every chain node the firm is
tagged to with its confidence and the evidence: which word of which field
matched, and whether it is a keyword, an industry code or a label. Below, the
table lists the words set aside (未计入): words that name a node the firm is not
placed at, each with the rule that did not count it (a customer, a side line of a
registered scope, a broad industry column, goods only traded, ...).

--kind talent tags a talent (人才) instead: TEXT is the expertise (研究方向),
--field the discipline and --institution the employer.

--check FILE reads hand-labelled lines, tab-separated, "#" starting a comment:
  TEXT <TAB> CHAIN <TAB> NODES                or
  INDUSTRY <TAB> TEXT <TAB> CHAIN <TAB> NODES         or
  NAME <TAB> INDUSTRY <TAB> TEXT <TAB> CHAIN <TAB> NODES
(INDUSTRY or TEXT may be empty when the line has another field to read), or,
with --kind talent,
  EXPERTISE <TAB> CHAIN <TAB> NODES                or
  FIELD <TAB> EXPERTISE <TAB> INSTITUTION <TAB> CHAIN <TAB> NODES.
CHAIN is a chain id or none (the firm belongs to no chain; NODES then none);
NODES are the acceptable node ids of the chain, space-separated, any one right.
In every chain the firm is tagged to, it is placed at its most confident node;
the check prints each line the tagger gets wrong and node precision (placements
that are a line's chain and one of its nodes, over all placements), node recall
(lines whose chain placement is one of its nodes, over lines with a chain), the
same for chains, the lines whose most confident chain is theirs, and the lines of
no chain left untagged. A line missed in its chain or node also shows the words
set aside there, with their rule's code (模具 side_line). A table of confidence
bins says how far a confidence can be trusted: the placements in each bin and
the share of them that are right. A bad line stops the check with its number,
field and reason. --format json prints {"lines", "with_chain", "node_precision",
"node_recall", "chain_precision", "chain_recall", "top_chain", "none_clean",
"reliability": [{"from", "to", "placed", "right", "precision"}], "misses":
[{"line", "kind", "name", "industry", "text", "chain", "nodes", "got", "aside"}]}
(a talent's miss has "field", "text" (the expertise) and "institution").

examples: chainmatch tag 年产50万台电动自行车轮毂电机
          chainmatch tag --name 某某医疗 --industry 医疗器械 一次性使用输液器、注射器
          chainmatch tag --check labelled.tsv
          chainmatch tag --kind talent --field 材料科学与工程 固态电解质、高镍正极材料`

// maxTagLines bounds a --check file: the misses are kept in memory.
const maxTagLines = 200_000

func cmdTag() command {
	return command{name: "tag", summary: "show a firm's chain nodes, or check the tagger on labelled lines", run: runTag}
}

func runTag(_ context.Context, e env) error {
	fs := newFlags(e, "tag", "[--kind enterprise|talent] [--name N] [--industry I] [--field F] [--institution I] [--format table|json] TEXT... | --check FILE", tagSummary)
	kind := fs.String("kind", chainmatch.KindEnterprise, "what the text describes: enterprise or talent")
	name := fs.String("name", "", "the firm's name")
	industry := fs.String("industry", "", "the firm's industry column")
	field := fs.String("field", "", "the talent's discipline (with --kind talent)")
	institution := fs.String("institution", "", "the talent's employer (with --kind talent)")
	check := fs.String("check", "", "measure the tagger on this file of labelled lines")
	format := fs.String("format", "table", "output format: table or json")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if err := checkFormat("tag", *format, "table", "json"); err != nil {
		return err
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	talent := *kind == chainmatch.KindTalent
	switch {
	case !talent && *kind != chainmatch.KindEnterprise:
		return fmt.Errorf("%w: tag: --kind %q, want enterprise or talent", errUsage, *kind)
	case talent && (*name != "" || *industry != ""):
		return fmt.Errorf("%w: tag: --name and --industry describe a firm; a talent has --field and --institution", errUsage)
	case !talent && (*field != "" || *institution != ""):
		return fmt.Errorf("%w: tag: --field and --institution describe a talent (--kind talent)", errUsage)
	case *check != "" && (text != "" || *name != "" || *industry != "" || *field != "" || *institution != ""):
		return fmt.Errorf("%w: tag: --check takes no text, --name, --industry, --field or --institution", errUsage)
	case *check == "" && text == "" && *name == "" && *industry == "" && *field == "" && *institution == "":
		return fmt.Errorf("%w: tag needs a text, --name, --industry, --field or --institution, or --check FILE", errUsage)
	}
	chains, err := datasets.Chains()
	if err != nil {
		return fmt.Errorf("tag: %w", err)
	}
	tg := match.NewTagger(chains)
	if *check != "" {
		c, err := checkTagFile(*check, talent, chains, tg)
		if err != nil {
			return fmt.Errorf("tag: %w", err)
		}
		if *format == "json" {
			return writeJSON(e.stdout, tagCheckJSON(c))
		}
		writeTagCheck(e.stdout, c)
		return nil
	}
	var tags []chainmatch.NodeTag
	var aside []match.SetAside
	if talent {
		tags, aside = tg.ExplainTalent(&chainmatch.Talent{Kind: chainmatch.KindTalent, Field: *field, Expertise: text, Institution: *institution})
	} else {
		tags, aside = tg.Explain(&chainmatch.Enterprise{Name: *name, Industry: *industry, Scope: text})
	}
	if *format == "json" {
		if tags == nil {
			tags = []chainmatch.NodeTag{}
		}
		return writeJSON(e.stdout, tags)
	}
	if len(tags) == 0 {
		fmt.Fprintln(e.stdout, "no chain node: nothing in the text names one (无匹配环节)")
	} else {
		rows := [][]string{{"CHAIN", "NODE", "名称", "CONFIDENCE", "EVIDENCE 依据"}}
		for _, nt := range tags {
			rows = append(rows, []string{nt.Chain, nt.Node, nodeName(chains, nt.Chain, nt.Node),
				fmt.Sprintf("%.3f", nt.Confidence), evidenceText(nt.Evidence)})
		}
		writeTable(e.stdout, rows)
	}
	if len(aside) > 0 {
		fmt.Fprintln(e.stdout, "\nset aside 未计入 (words that name a node it is not placed at, and why):")
		// one row per chain, word and reason: a label's nodes together
		rows := [][]string{{"CHAIN", "NODES", "WORD 词", "REASON 原因"}}
		at := map[string]int{}
		for _, a := range aside {
			word := fmt.Sprintf("%s:%s (%s)", a.Field, a.Match, a.Kind)
			k := a.Chain + "|" + word + "|" + a.Reason
			if i, ok := at[k]; ok {
				rows[i][1] += ", " + a.Node
				continue
			}
			at[k] = len(rows)
			rows = append(rows, []string{a.Chain, a.Node, word, a.ReasonZH + " / " + a.ReasonEN})
		}
		writeTable(e.stdout, rows)
	}
	return nil
}

func nodeName(chains []chainmatch.Chain, chain, node string) string {
	for i := range chains {
		if chains[i].ID == chain {
			if n, ok := chains[i].Node(node); ok {
				return n.Name
			}
		}
	}
	return ""
}

func evidenceText(ev []chainmatch.Evidence) string {
	parts := make([]string, len(ev))
	for i, x := range ev {
		parts[i] = fmt.Sprintf("%s:%s (%s)", x.Field, x.Match, x.Kind)
	}
	return strings.Join(parts, "; ")
}

// checkTagFile reads the labelled lines of path, of firms or of talents, and
// checks the tagger on them.
func checkTagFile(path string, talents bool, chains []chainmatch.Chain, tg *match.Tagger) (*match.TagCheck, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	read := match.ReadTagCases
	if talents {
		read = match.ReadTalentCases
	}
	cases, err := read(f, chains, maxTagLines)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c := tg.Check(cases)
	return &c, nil
}

// asideCodes lists set-aside words with their rules' codes: 模具 side_line, 轴承 trade_only.
func asideCodes(aside []match.SetAside) string {
	parts := make([]string, 0, len(aside))
	for _, a := range aside {
		if p := a.Match + " " + a.Reason; !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func writeTagCheck(w io.Writer, c *match.TagCheck) {
	if len(c.Misses) > 0 {
		rows := [][]string{{"LINE", "MISS", "WANT", "GOT", "TEXT"}}
		for _, m := range c.Misses {
			want := "none"
			if m.Case.Chain != "" {
				want = m.Case.Chain + "/" + strings.Join(m.Case.Nodes, "|")
			}
			got := make([]string, len(m.Got), len(m.Got)+1)
			for i, nt := range m.Got {
				got[i] = fmt.Sprintf("%s/%s %.2f", nt.Chain, nt.Node, nt.Confidence)
			}
			if len(m.Aside) > 0 {
				got = append(got, "set aside: "+asideCodes(m.Aside))
			}
			text := caseText(m.Case)
			if r := []rune(text); len(r) > 60 {
				text = string(r[:60]) + "…"
			}
			rows = append(rows, []string{fmt.Sprint(m.Case.Line), m.Kind, want, strings.Join(got, ", "), text})
		}
		writeTable(w, rows)
		fmt.Fprintln(w)
	}
	rows := [][]string{{"CONFIDENCE 置信度", "PLACED", "RIGHT", "PRECISION"}}
	for _, b := range c.Reliability {
		if b.Placed > 0 {
			rows = append(rows, []string{fmt.Sprintf("%.2f–%.2f", b.From, b.To), fmt.Sprint(b.Placed), fmt.Sprint(b.Right),
				fmt.Sprintf("%.3f", b.Precision())})
		}
	}
	if len(rows) > 1 {
		writeTable(w, rows)
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%d lines, %d with a chain, %d of none\n", c.Cases, c.WithChain, c.Cases-c.WithChain)
	fmt.Fprintf(w, "node precision %.3f (%d/%d), node recall %.3f (%d/%d)\n",
		c.NodePrecision(), c.PlacedRight, c.Placed, c.NodeRecall(), c.NodeFound, c.WithChain)
	fmt.Fprintf(w, "chain precision %.3f (%d/%d), chain recall %.3f (%d/%d)\n",
		c.ChainPrecision(), c.ChainPlacedRight, c.Placed, c.ChainRecall(), c.ChainFound, c.WithChain)
	fmt.Fprintf(w, "most confident chain right %d/%d; lines of no chain left untagged %d/%d\n",
		c.TopChain, c.WithChain, c.NoneClean, c.Cases-c.WithChain)
}

// caseText is a labelled line's text fields as the file gives them, joined by
// " | ": NAME | INDUSTRY | TEXT, or FIELD | EXPERTISE | INSTITUTION, the empty
// ones left out.
func caseText(tc match.TagCase) string {
	parts := []string{tc.Firm.Name, tc.Firm.Industry, tc.Firm.Scope}
	if p := tc.Talent; p != nil {
		parts = []string{p.Field, p.Expertise, p.Institution}
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " | ")
}

type tagMissJSON struct {
	Line     int                  `json:"line"`
	Kind     string               `json:"kind"`
	Name     string               `json:"name,omitempty"`
	Industry string               `json:"industry,omitempty"`
	Field    string               `json:"field,omitempty"`
	Text     string               `json:"text"`
	Inst     string               `json:"institution,omitempty"`
	Chain    string               `json:"chain"`
	Nodes    []string             `json:"nodes"`
	Got      []chainmatch.NodeTag `json:"got"`
	Aside    []match.SetAside     `json:"aside,omitempty"`
}

type tagCheckOut struct {
	Lines          int           `json:"lines"`
	WithChain      int           `json:"with_chain"`
	NodePrecision  float64       `json:"node_precision"`
	NodeRecall     float64       `json:"node_recall"`
	ChainPrecision float64       `json:"chain_precision"`
	ChainRecall    float64       `json:"chain_recall"`
	TopChain       int           `json:"top_chain"`
	NoneClean      int           `json:"none_clean"`
	Reliability    []binJSON     `json:"reliability"`
	Misses         []tagMissJSON `json:"misses"`
}

// binJSON is a bin of confidence with its placements and the right ones.
type binJSON struct {
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	Placed    int     `json:"placed"`
	Right     int     `json:"right"`
	Precision float64 `json:"precision"`
}

func tagCheckJSON(c *match.TagCheck) tagCheckOut {
	out := tagCheckOut{Lines: c.Cases, WithChain: c.WithChain, NodePrecision: c.NodePrecision(),
		NodeRecall: c.NodeRecall(), ChainPrecision: c.ChainPrecision(), ChainRecall: c.ChainRecall(),
		TopChain: c.TopChain, NoneClean: c.NoneClean, Misses: []tagMissJSON{}}
	for _, b := range c.Reliability {
		out.Reliability = append(out.Reliability, binJSON{From: b.From, To: b.To, Placed: b.Placed, Right: b.Right, Precision: b.Precision()})
	}
	for _, m := range c.Misses {
		chain := m.Case.Chain
		if chain == "" {
			chain = "none"
		}
		got := m.Got
		if got == nil {
			got = []chainmatch.NodeTag{}
		}
		miss := tagMissJSON{Line: m.Case.Line, Kind: m.Kind, Name: m.Case.Firm.Name, Industry: m.Case.Firm.Industry,
			Text: m.Case.Firm.Scope, Chain: chain, Nodes: m.Case.Nodes, Got: got, Aside: m.Aside}
		if p := m.Case.Talent; p != nil {
			miss.Field, miss.Text, miss.Inst = p.Field, p.Expertise, p.Institution
		}
		out.Misses = append(out.Misses, miss)
	}
	return out
}
