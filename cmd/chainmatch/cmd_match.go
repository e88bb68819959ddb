package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/match"
)

const matchSummary = `Rank the enterprises that fill a county's chain gaps (招商目标清单): who to
recruit, for which gap node, why (the contributions that sum to each score and
short reasons in Chinese and English) and how (the suggested channel).
Enterprises located in the county (by code, address, or named local by its profile)
are its presence, not targets, unless --include-local; --local ranks them instead,
by their expansion signals (增资扩产) at the county's priority nodes. Each target
carries its channel with the reason it was chosen, and flags (e.g. a location known
only to the province: then no distance is claimed). Positioning only changes the
weights: any county and chain works.

--format json prints the same object that POST /api/v1/match answers; csv prints
one row per target with the contributions as columns.

--quotas NAME applies a list preset of a county profile (jinyun-450: 450 targets
with at least 47 foreign-funded, 55 leaders, 182 high-tech, 26 listed, 78
high-growth; its size is the list's unless --top is given); --quota adds quotas as
TAG=COUNT, TAG=SHARE (0.1 or 10%) or node:ID=COUNT. The selection meets them at the
least score it can find, and reports each quota (met, or why not) and the score it
gave up against the plain top N.

--city CODE (3311, 331100 or 丽水市) instead of --county ranks the chain for
every county and platform of the city and gives each enterprise to one county
only (错位发展: an assignment that maximises the city's total fit, not a greedy
pass); json prints
{"city", "chain", "assignments": [{"county", "targets": [...]}], "conflicts": [...]},
each conflict with its resolution. --siblings marks, in a single-county run, the
targets that a sibling county of the same city fits better.

examples: chainmatch match --county 331122 --chain short-distance-transport
          chainmatch match --county 331122 --chain short-distance-transport --quotas jinyun-450
          chainmatch match --county 331122 --chain short-distance-transport --top 100 --quota listed=10,high_tech=40%
          chainmatch match --city 3311 --chain semiconductor --top 30 --format json
          chainmatch match --county 331124 --chain intelligent-transport --top 20 --format json
          chainmatch match --county 331181 --chain auto-parts --node thermal-management --q 空调
          chainmatch match --county 331122 --chain short-distance-transport --local`

func cmdMatch() command {
	return command{name: "match", summary: "rank target enterprises for a county and chain", run: runMatch}
}

func runMatch(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "match", "--county CODE --chain ID [--top N] [--format table|json|csv]", matchSummary)
	cfg.dataFlags(fs)
	var req engine.MatchRequest
	fs.StringVar(&req.County, "county", "", "county: GB/T 2260 code (331122), platform id (331100-edz) or name (缙云县, 丽水市缙云县)")
	fs.StringVar(&req.Chain, "chain", "", "chain id or name (short-distance-transport, 智能短交通; see chainmatch chains)")
	fs.IntVar(&req.Limit, "top", 50, "number of targets")
	fs.StringVar(&req.Node, "node", "", "only candidates at this node")
	fs.StringVar(&req.Kind, "kind", "enterprise", "rank enterprises (招商引资) or talents (招才引智): enterprise or talent")
	fs.StringVar(&req.Query, "q", "", "only candidates whose text matches (Chinese or English)")
	province := fs.String("province", "", "only candidates in these provinces (comma-separated two-digit codes)")
	tags := fs.String("tags", "", "only candidates with all these tags (comma-separated: listed,high_tech,...)")
	fs.BoolVar(&req.IncludeLocal, "include-local", false, "keep enterprises located in the county")
	fs.BoolVar(&req.Local, "local", false, "rank the county's local base (its own firms) by expansion signals (增资扩产) instead of outside targets")
	fs.StringVar(&req.Preset, "quotas", "", "a list preset of a county profile, e.g. jinyun-450")
	quota := fs.String("quota", "", "quotas: TAG=COUNT, TAG=SHARE or node:ID=COUNT, comma-separated (e.g. listed=26,high_tech=40%)")
	fs.BoolVar(&req.Siblings, "siblings", false, "mark targets that a sibling county of the same city fits better")
	fs.StringVar(&req.City, "city", "", "city code or name (3311, 331100, 丽水市): a city-wide run with dislocation instead of one county")
	keep := fs.String("keep", "", "with --city: counties that keep their own list (comma-separated)")
	format := fs.String("format", "table", "output format: table, json or csv")
	weights := fs.String("weights", "", "weight profile: NAME, NAME@VERSION or FILE.json (default: the default weights)")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if (req.County == "") == (req.City == "") || req.Chain == "" {
		return fmt.Errorf("%w: match needs --chain and one of --county or --city", errUsage)
	}
	if *quota != "" {
		q, err := chainmatch.ParseQuotas(*quota)
		if err != nil {
			return fmt.Errorf("%w: match: --quota: %v", errUsage, err)
		}
		req.Quotas = q
	}
	topSet := false
	fs.Visit(func(f *flag.Flag) { topSet = topSet || f.Name == "top" })
	if req.Preset != "" && !topSet {
		req.Limit = 0 // the preset's size
	}
	req.Keep = splitList(*keep)
	if err := checkFormat("match", *format, "table", "json", "csv"); err != nil {
		return err
	}
	req.Province = splitList(*province)
	req.Tags = splitList(*tags)
	eng, err := openEngine(ctx, e, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), "match")
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	defer eng.Close()
	if req.Weights, err = loadWeights(ctx, eng, *weights); err != nil {
		return fmt.Errorf("match: --weights: %w", err)
	}
	if req.City != "" {
		return printCity(ctx, e, eng, req, *format)
	}
	res, err := eng.Match(ctx, req)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, res)
	case "csv":
		return writeTargetsCSV(e.stdout, res)
	}
	county, _ := eng.County(req.County)
	chain, _ := eng.Chain(req.Chain)
	if req.Local {
		fmt.Fprintf(e.stdout, "%s %s · %s %s — local base: %d of %d local firms, ranked by expansion signals\n\n",
			county.Code, county.Name, chain.ID, chain.Name, len(res.Targets), res.Counts.Local)
	} else {
		fmt.Fprintf(e.stdout, "%s %s · %s %s — %d targets of %d candidates (%d local firms are presence, not targets)\n\n",
			county.Code, county.Name, chain.ID, chain.Name, len(res.Targets), res.Counts.Candidates, res.Counts.Local)
	}
	if res.Counts.Candidates == 0 {
		fmt.Fprintln(e.stdout, "No candidates: the data directory holds no enterprises of this chain. Run `chainmatch serve` once on an empty data directory for the demo pool, or `chainmatch import FILE`.")
		return nil
	}
	rows := [][]string{{"#", "SCORE", "名称 NAME", "LOCATION", "NODE", "CHANNEL", "WHY", "FLAGS"}}
	for _, t := range res.Targets {
		name, loc := "", ""
		switch {
		case t.Enterprise != nil:
			name = t.Enterprise.Name
			loc = eng.PlaceName(t.Enterprise.Province, t.Enterprise.City)
		case t.Talent != nil:
			name = strings.TrimSpace(t.Talent.Name + " " + t.Talent.Title + " " + t.Talent.Institution)
			loc = t.Talent.Location
			if c, err := eng.County(loc); err == nil {
				loc = eng.PlaceName(c.Province, c.City)
			}
		}
		if loc == "" {
			loc = "未知 unknown"
		}
		channel := ""
		if t.Channel != nil {
			channel = t.Channel.Name
		}
		why := ""
		if len(t.Reasons) > 0 {
			why = t.Reasons[0].ZH
		}
		var flags []string
		for _, f := range t.Flags {
			flags = append(flags, f.ZH)
		}
		rows = append(rows, []string{fmt.Sprint(t.Rank), fmt.Sprintf("%.3f", t.Score), name,
			loc, t.NodeName, channel, why, strings.Join(flags, "；")})
	}
	writeTable(e.stdout, rows)
	if q := res.Quotas; q != nil {
		fmt.Fprintf(e.stdout, "\nquotas 配额 (list of %d): score %.3f, unconstrained top %d %.3f, given up %.3f; %d entered, %d left\n",
			q.N, q.Score, q.N, q.TopScore, q.ScoreGivenUp, len(q.Entered), len(q.Left))
		qrows := [][]string{{"QUOTA", "WANT", "GOT", "TOP-N HAD", "AVAILABLE", "MET", "WHY NOT"}}
		for _, s := range q.Quotas {
			why := ""
			if s.Reason != nil {
				why = s.Reason.ZH + " / " + s.Reason.EN
			}
			qrows = append(qrows, []string{s.Label(), fmt.Sprint(s.Want), fmt.Sprint(s.Got), fmt.Sprint(s.Unconstrained),
				fmt.Sprint(s.Available), fmt.Sprint(s.Met), why})
		}
		writeTable(e.stdout, qrows)
	}
	for _, t := range res.Targets {
		if t.BetterFit != nil {
			fmt.Fprintf(e.stdout, "better fit 更契合: #%d %s → %s %s (%.3f vs %.3f)\n", t.Rank, t.Enterprise.Name,
				t.BetterFit.County, t.BetterFit.Name, t.BetterFit.Score, t.Score)
		}
	}
	return nil
}

// printCity runs and prints a city-wide match with dislocation.
func printCity(ctx context.Context, e env, eng *lockedEngine, req engine.MatchRequest, format string) error {
	res, err := eng.CityMatch(ctx, req)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	switch format {
	case "json":
		return writeJSON(e.stdout, res)
	case "csv":
		return fmt.Errorf("%w: match: --city prints table or json", errUsage)
	}
	fmt.Fprintf(e.stdout, "%s %s · %s — city-wide, one county per enterprise: total score %.3f (unconstrained %.3f), %d conflicts\n\n",
		res.City, res.CityName, res.Chain, res.Score, res.TopScore, len(res.Conflicts))
	rows := [][]string{{"COUNTY", "TARGETS", "TOP 3"}}
	for _, a := range res.Assignments {
		var top []string
		for _, t := range a.Targets[:min(3, len(a.Targets))] {
			top = append(top, t.Enterprise.Name)
		}
		name := a.County + " " + a.Name
		if a.Kept {
			name += " (kept)"
		}
		rows = append(rows, []string{name, fmt.Sprint(len(a.Targets)), strings.Join(top, "、")})
	}
	writeTable(e.stdout, rows)
	if len(res.Conflicts) > 0 {
		fmt.Fprintln(e.stdout)
		rows = [][]string{{"ENTERPRISE", "WANTED BY", "RESOLUTION 处理"}}
		for _, c := range res.Conflicts {
			var by []string
			for _, cl := range c.Claims {
				by = append(by, fmt.Sprintf("%s #%d %.3f", cl.County, cl.Rank, cl.Score))
			}
			rows = append(rows, []string{c.Enterprise.Name, strings.Join(by, "; "), c.Resolution.ZH})
		}
		writeTable(e.stdout, rows)
	}
	return nil
}

// writeTargetsCSV writes one row per target: rank, ids, name, location, node,
// score, each contribution, channel, reasons and the confidence at the node.
func writeTargetsCSV(w io.Writer, res *match.Result) error {
	cw := csv.NewWriter(w)
	head := []string{"rank", "id", "uscc", "name", "province", "city", "county", "node", "score"}
	head = append(head, chainmatch.Features...)
	head = append(head, "unknown", "channel", "channel_reason", "flags", "reasons_zh", "reasons_en", "node_confidence")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, t := range res.Targets {
		var row []string
		switch {
		case t.Enterprise != nil:
			en := t.Enterprise
			row = []string{fmt.Sprint(t.Rank), en.ID, en.USCC, en.Name, en.Province, en.City, en.County}
		case t.Talent != nil:
			row = []string{fmt.Sprint(t.Rank), t.Talent.ID, "", t.Talent.Name, "", "", t.Talent.Location}
		}
		row = append(row, t.Node, fmt.Sprintf("%.6f", t.Score))
		for _, f := range chainmatch.Features {
			row = append(row, fmt.Sprintf("%.6f", t.Contributions[f]))
		}
		var zh, enr []string
		for _, r := range t.Reasons {
			zh, enr = append(zh, r.ZH), append(enr, r.EN)
		}
		ch := ""
		if t.Channel != nil {
			ch = t.Channel.Name
		}
		unknown := append([]string(nil), t.Unknown...)
		sort.Strings(unknown)
		why := ""
		if t.ChannelReason != nil {
			why = t.ChannelReason.ZH
		}
		var flags []string
		for _, f := range t.Flags {
			flags = append(flags, f.Code)
		}
		row = append(row, strings.Join(unknown, ";"), ch, why, strings.Join(flags, ";"), strings.Join(zh, "；"), strings.Join(enr, "; "),
			fmt.Sprintf("%.3f", t.NodeConfidence))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
