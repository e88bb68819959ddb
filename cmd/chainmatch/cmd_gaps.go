package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/chainmatch/chainmatch/match"
)

const gapsSummary = `Show what a county lacks in a chain (补链强链): per node, the local presence
(location quotient of the county's enterprises at the node against the national
share), absence, feasibility (relatedness density), importance and the county's
positioning emphasis, and the node priority that is their weighted sum. Computed
from the pool, so it changes when the data does.

--format json prints {"county", "chain", "nodes": [{"id", "stage", "priority", "parts", ...}]},
the same object GET /api/v1/counties/{code}/gaps?chain=ID answers.

examples: chainmatch gaps --county 331122 --chain short-distance-transport
          chainmatch gaps --county 331100-edz --chain semiconductor --format json`

func cmdGaps() command {
	return command{name: "gaps", summary: "show a county's chain gaps, node by node", run: runGaps}
}

func runGaps(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "gaps", "--county CODE --chain ID [--format table|json]", gapsSummary)
	cfg.dataFlags(fs)
	county := fs.String("county", "", "county: GB/T 2260 code or platform id")
	chain := fs.String("chain", "", "chain id (see chainmatch chains)")
	format := fs.String("format", "table", "output format: table or json")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if *county == "" || *chain == "" {
		return fmt.Errorf("%w: gaps needs --county and --chain", errUsage)
	}
	if *format != "table" && *format != "json" {
		return fmt.Errorf("%w: gaps: --format must be table or json", errUsage)
	}
	eng, err := openEngine(ctx, e, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), "gaps")
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	defer eng.Close()
	g, err := eng.Gaps(ctx, *county, *chain, nil)
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	if *format == "json" {
		return writeJSON(e.stdout, g)
	}
	c, _ := eng.County(*county)
	ch, _ := eng.Chain(*chain)
	fmt.Fprintf(e.stdout, "%s %s · %s %s — %d local enterprises; positioning weight %.2f\n\n",
		c.Code, c.Name, ch.ID, ch.Name, g.LocalTotal, g.ChainWeight)
	head := []string{"NODE", "STAGE", "名称", "PRIORITY", "LOCAL", "LQ", "ABSENCE", "FEASIBILITY", "IMPORTANCE", "EMPHASIS"}
	rows := [][]string{head}
	for _, n := range g.Nodes {
		rows = append(rows, []string{n.ID, string(n.Stage), n.Name, fmt.Sprintf("%.3f", n.Priority),
			fmt.Sprint(n.LocalCount), fmt.Sprintf("%.2f", n.LQ), fmt.Sprintf("%.2f", n.Absence),
			fmt.Sprintf("%.2f", n.Feasibility), fmt.Sprintf("%.2f", n.Importance), fmt.Sprintf("%.2f", n.Emphasis)})
	}
	writeTable(e.stdout, rows)
	fmt.Fprintf(e.stdout, "\npriority = Σ weighted parts (%s)\n", strings.Join(match.GapParts, ", "))
	return nil
}
