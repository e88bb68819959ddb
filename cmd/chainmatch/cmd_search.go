package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
)

const searchSummary = `Search the candidate index by text in Chinese or English (分词 for Chinese;
English reaches Chinese records and back through the chain vocabulary, e.g.
e-bike finds 电动自行车 makers), with filters.

--format json prints {"total": N, "hits": [{"id", "name", "score", "kind", ...}]}.

examples: chainmatch search --q 轮毂电机
          chainmatch search --q wafer --chain semiconductor --province 32
          chainmatch search --q 锂电池 --kind talent --format json`

func cmdSearch() command {
	return command{name: "search", summary: "search enterprises and talents by text and filters", run: runSearch}
}

func runSearch(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "search", "--q TEXT [--chain ID] [--province CODE] [--format table|json]", searchSummary)
	cfg.dataFlags(fs)
	var q engine.SearchRequest
	fs.StringVar(&q.Text, "q", "", "text to search (Chinese or English)")
	fs.StringVar(&q.Chain, "chain", "", "only records tagged to this chain (id or name)")
	fs.StringVar(&q.Node, "node", "", "only records at this node (needs --chain)")
	province := fs.String("province", "", "only these provinces (comma-separated two-digit codes)")
	tags := fs.String("tags", "", "only records with all these tags (comma-separated)")
	fs.StringVar(&q.Kind, "kind", chainmatch.KindEnterprise, "enterprise, talent or all")
	fs.IntVar(&q.Limit, "limit", 20, "hits to show")
	fs.IntVar(&q.Offset, "offset", 0, "hits to skip")
	format := fs.String("format", "table", "output format: table or json")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if q.Text == "" && q.Chain == "" {
		return fmt.Errorf("%w: search needs --q or --chain", errUsage)
	}
	if _, ok := chainmatch.SearchKind(q.Kind); !ok {
		return fmt.Errorf("%w: search: --kind must be enterprise, talent or all", errUsage)
	}
	if err := checkFormat("search", *format, "table", "json"); err != nil {
		return err
	}
	q.Province, q.Tags = splitList(*province), splitList(*tags)
	eng, err := openEngine(ctx, e, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), "search")
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer eng.Close()
	res, err := eng.Search(ctx, q)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if *format == "json" {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "%d matches\n\n", res.Total)
	rows := [][]string{{"SCORE", "KIND", "ID", "名称 NAME", "LOCATION", "TAGS"}}
	for _, h := range res.Hits {
		var tags []string
		for _, t := range h.Tags {
			tags = append(tags, string(t))
		}
		loc := eng.PlaceName(h.Province, h.City)
		rows = append(rows, []string{fmt.Sprintf("%.3f", h.Score), h.Kind, h.ID, h.Name, loc, strings.Join(tags, ",")})
	}
	writeTable(e.stdout, rows)
	return nil
}
