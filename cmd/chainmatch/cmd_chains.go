package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/width"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/match"
)

const chainsSummary = `List the industrial chains (产业链) the engine knows: the embedded chains of
datasets/chains, with their nodes (环节) by stage. The table shows each chain's
Chinese and English name, node count and the nodes per stage; --chain ID lists one
chain's nodes with stage, names, importance and GB/T 4754-2017 classes.
--format json prints the chains as an array of objects (id, name, name_en, nodes
with id, name, name_en, stage, keywords, keywords_en, negative, industries,
importance; edges; source).

examples: chainmatch chains
          chainmatch chains --chain short-distance-transport
          chainmatch chains --format json`

func cmdChains() command {
	return command{name: "chains", summary: "list the industrial chains and their nodes", run: runChains}
}

func runChains(ctx context.Context, e env) error {
	fs := newFlags(e, "chains", "[--format table|json] [--chain ID]", chainsSummary)
	format := fs.String("format", "table", "output format: table or json")
	only := fs.String("chain", "", "show only this chain, with its nodes")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: chains: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := checkFormat("chains", *format, "table", "json"); err != nil {
		return err
	}
	chains, err := datasets.Chains()
	if err != nil {
		return fmt.Errorf("chains: %w", err)
	}
	if *only != "" {
		var picked []chainmatch.Chain
		for _, c := range chains {
			if c.ID == *only {
				picked = append(picked, c)
			}
		}
		if picked == nil {
			ids := make([]string, len(chains))
			for i, c := range chains {
				ids[i] = c.ID
			}
			return fmt.Errorf("chains: chain %q: %w (known: %s)", *only, chainmatch.ErrNotFound, strings.Join(ids, ", "))
		}
		chains = picked
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(chains)
	}
	if *only != "" {
		writeChainNodes(e.stdout, chains[0])
		return nil
	}
	writeChainsTable(e.stdout, chains)
	return nil
}

func writeChainsTable(w io.Writer, chains []chainmatch.Chain) {
	rows := [][]string{{"ID", "名称", "NAME", "NODES", "UP/MID/DOWN", "EDGES"}}
	for _, c := range chains {
		n := map[chainmatch.Stage]int{}
		for _, nd := range c.Nodes {
			n[nd.Stage]++
		}
		rows = append(rows, []string{c.ID, c.Name, c.NameEN, fmt.Sprint(len(c.Nodes)),
			fmt.Sprintf("%d/%d/%d", n[chainmatch.Upstream], n[chainmatch.Midstream], n[chainmatch.Downstream]),
			fmt.Sprint(len(c.Edges))})
	}
	writeTable(w, rows)
	for _, c := range chains {
		fmt.Fprintf(w, "\n%s %s (%s)\n", c.ID, c.Name, c.NameEN)
		for _, s := range []chainmatch.Stage{chainmatch.Upstream, chainmatch.Midstream, chainmatch.Downstream} {
			var names []string
			for _, nd := range c.Nodes {
				if nd.Stage == s {
					names = append(names, nd.Name)
				}
			}
			fmt.Fprintf(w, "  %-10s  %s\n", s, strings.Join(names, "、"))
		}
	}
}

func writeChainNodes(w io.Writer, c chainmatch.Chain) {
	fmt.Fprintf(w, "%s %s (%s), %d nodes, %d edges\n\n", c.ID, c.Name, c.NameEN, len(c.Nodes), len(c.Edges))
	imp := match.ChainImportance(&c)
	rows := [][]string{{"NODE", "STAGE", "名称", "NAME", "IMPORTANCE", "GB/T 4754"}}
	for _, s := range []chainmatch.Stage{chainmatch.Upstream, chainmatch.Midstream, chainmatch.Downstream} {
		for i, nd := range c.Nodes {
			if nd.Stage == s {
				rows = append(rows, []string{nd.ID, string(nd.Stage), nd.Name, nd.NameEN,
					fmt.Sprintf("%.2f", imp[i]), strings.Join(nd.Industries, " ")})
			}
		}
	}
	writeTable(w, rows)
	fmt.Fprintln(w, "\nimportance: the node's own when the chain file sets one, else PageRank over the supply edges (the most central node 1)")
}

// writeTable writes rows as aligned columns, counting East Asian wide characters
// as two columns so Chinese names line up in a terminal.
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, cell := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			b.WriteString(cell)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
