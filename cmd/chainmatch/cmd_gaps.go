package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"github.com/chainmatch/chainmatch"
)

const gapsSummary = `Show what a county lacks in a chain (补链强链): per node, what the figures rest
on (the county's own records, its profile's declarations, or no local data), the
local presence (location quotient of the county's records at the node against the
national share, shrunk towards its city's and province's for small counts), absence,
feasibility (relatedness density, where the data supports it), importance (PageRank
over the supply edges) and the county's positioning emphasis, the node priority that
is their weighted sum, and the county's own firms at the node (its local base).
A node without local data claims no absence: it is ranked by importance and
emphasis. Computed from the pool, so it changes when the data does.

--format json prints {"county", "chain", "local_total", "nodes": [{"id", "stage",
"priority", "local_count", "absence", "parts", "evidence", ...}]}, the same object
GET /api/v1/counties/{code}/gaps?chain=ID answers.

--with-talents shows the county view of 双招双引: per node, highest priority
first, the --per-node best enterprises and talents to bring in (both ranked by the
same path as chainmatch match); json is the object GET
/api/v1/counties/{code}/view?chain=ID answers.

examples: chainmatch gaps --county 331122 --chain short-distance-transport
          chainmatch gaps --county 331122 --chain short-distance-transport --with-talents --per-node 3
          chainmatch gaps --county 331100-edz --chain semiconductor --format json`

func cmdGaps() command {
	return command{name: "gaps", summary: "show a county's chain gaps, node by node", run: runGaps}
}

func runGaps(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "gaps", "--county CODE --chain ID [--format table|json]", gapsSummary)
	cfg.dataFlags(fs)
	county := fs.String("county", "", "county: GB/T 2260 code (331122), platform id (331100-edz) or name (缙云县, 丽水市缙云县)")
	chain := fs.String("chain", "", "chain id or name (short-distance-transport, 智能短交通; see chainmatch chains)")
	format := fs.String("format", "table", "output format: table or json")
	withTalents := fs.Bool("with-talents", false, "per node, the enterprises and the talents to bring in")
	perNode := fs.Int("per-node", 5, "with --with-talents: enterprises and talents per node")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if *county == "" || *chain == "" {
		return fmt.Errorf("%w: gaps needs --county and --chain", errUsage)
	}
	if err := checkFormat("gaps", *format, "table", "json"); err != nil {
		return err
	}
	eng, err := openEngine(ctx, e, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), "gaps")
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	defer eng.Close()
	if *withTalents {
		v, err := eng.CountyView(ctx, *county, *chain, *perNode, nil)
		if err != nil {
			return fmt.Errorf("gaps: %w", err)
		}
		if *format == "json" {
			return writeJSON(e.stdout, v)
		}
		fmt.Fprintf(e.stdout, "%s %s · %s — per gap node, enterprises 招商 and talents 引才\n\n", v.County, v.Name, v.Chain)
		rows := [][]string{{"NODE", "PRIORITY", "ENTERPRISES 企业", "TALENTS 人才"}}
		for _, n := range v.Nodes {
			var ents, tals []string
			for _, t := range n.Enterprises {
				ents = append(ents, t.Enterprise.Name)
			}
			for _, t := range n.Talents {
				tals = append(tals, strings.TrimSpace(t.Talent.Name+" "+t.Talent.Title+" "+t.Talent.Institution))
			}
			if len(tals) == 0 {
				tals = []string{"—"}
			}
			rows = append(rows, []string{n.ID + " " + n.Name, fmt.Sprintf("%.3f", n.Priority), strings.Join(ents, "、"), strings.Join(tals, "、")})
		}
		writeTable(e.stdout, rows)
		return nil
	}
	g, err := eng.Gaps(ctx, *county, *chain, nil)
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	if *format == "json" {
		return writeJSON(e.stdout, g)
	}
	c, _ := eng.County(*county)
	ch, _ := eng.Chain(*chain)
	located := make([]string, 0, len(g.Located))
	for k, v := range g.Located {
		located = append(located, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(located)
	fmt.Fprintf(e.stdout, "%s %s · %s %s — %d local enterprises (%s); positioning weight %.2f\n",
		c.Code, c.Name, ch.ID, ch.Name, g.LocalTotal, strings.Join(located, ", "), g.ChainWeight)
	if g.NotUsedWhy != nil {
		fmt.Fprintf(e.stdout, "%s\n%s\n", g.NotUsedWhy.ZH, g.NotUsedWhy.EN)
	}
	fmt.Fprintln(e.stdout)
	head := []string{"NODE", "STAGE", "名称", "PRIORITY", "EVIDENCE 依据", "LOCAL", "LQ", "ABSENCE", "λ", "PRIOR", "IMPORTANCE", "EMPHASIS", "LOCAL BASE 本地企业"}
	rows := [][]string{head}
	num := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return fmt.Sprintf("%.2f", *v)
	}
	for _, n := range g.Nodes {
		var base []string
		for _, f := range n.LocalBase {
			base = append(base, f.Name)
		}
		for _, d := range n.Declared {
			if !d.InPool && d.Name != "" {
				base = append(base, d.Name+"（档案）")
			}
			if d.Kind == "strong_node" {
				base = append(base, "档案：优势环节")
			}
		}
		if len(base) > 4 {
			base = append(base[:4], fmt.Sprintf("… %d", len(base)))
		}
		rows = append(rows, []string{n.ID, string(n.Stage), n.Name, fmt.Sprintf("%.3f", n.Priority),
			n.EvidenceZH + " " + n.EvidenceEN, fmt.Sprint(n.LocalCount), num(n.LQ), num(n.Absence),
			fmt.Sprintf("%.2f", n.LocalWeight), fmt.Sprintf("%.2f %s", n.PriorLQ, n.PriorFrom),
			fmt.Sprintf("%.2f", n.Importance), fmt.Sprintf("%.2f", n.Emphasis), strings.Join(base, "、")})
	}
	writeTable(e.stdout, rows)
	fmt.Fprintf(e.stdout, "\npriority = Σ weighted parts (%s); gap and absence enter with weight max(0, 2λ−1), λ the share of LQ resting on the county's own records\n",
		strings.Join(chainmatch.GapParts, ", "))
	fmt.Fprintln(e.stdout, "importance: PageRank over the chain's supply edges; — : not claimed (no local data)")
	return nil
}
