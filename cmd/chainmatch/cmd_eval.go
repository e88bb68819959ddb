package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/datasets/read"
	"github.com/chainmatch/chainmatch/match"
)

const evalSummary = `Backtest the ranking against recorded outcomes (visits, signings, landings):
for every county and chain the outcomes name, rank all candidates with the model
and with simple baselines (largest registered capital first, text relevance to the
chain only, random: what a random order scores in expectation) and report
NDCG@k, recall@k, recall@100, MAP and MRR of each, so a change of weights can be
shown to help. Relevant = outcomes of the types in --relevant.
Candidates of equal score are in no order of their own (a list serves them in the
order of a hash of their names): each measure is the mean over every order of a
tie, so luck in a tie neither helps nor hurts. A relevant enterprise in a tie shows
its rank with the ranks the tie spans (20 of 20–37; json: queries[].tied).
Each relevant enterprise ranked below k is listed with its score, the scores of
the k-th and the 100th target, and per feature its contribution minus the top k's
mean: where it falls short (json: queries[].below).

Without --outcomes it uses the outcomes recorded in the database: every status a
target-list item moves to (contacted, visited, ..., landed) is one. The outcomes
file is JSONL ({"county","chain","subject_id","uscc","name","type","date"}) or CSV
with a header such as county,chain,uscc,name,date,outcome (extra columns ignored;
date YYYY, YYYY-MM, YYYY-MM-DD or empty; outcome a status, signed or 已签约). A
county is a code, a platform id or a name (瓯海区, 温州市瓯海区, or a zone named
after its county: 利津经济开发区; a name several counties share is reported with
them), a chain an id or a name (biomedicine,
生物医药). The enterprise is found by subject_id or USCC, else by its name, short
name or English name (美的集团 finds 美的集团股份有限公司), else by the record
whose name matches it best: a registered name finds a listed short name that
begins it or abbreviates it (上海医药集团股份有限公司 finds 上海医药, not 南京医药;
浙江三花智能控制股份有限公司 finds 三花智控), and a place in the name rules out
firms of other provinces. An outcome that matches no enterprise, or several, is
listed with the reason. An outcome without a chain
counts for every chain its enterprise is tagged to.

How sure: under the metrics, each is given a 95% interval (bootstrap over the
(county, chain) queries), and the model is compared with each baseline query by
query: the mean difference, its interval, the p-value of a paired sign-flip test
and the queries won and lost. On a dozen queries the intervals are wide: a
change is shown to help when its interval excludes 0 and p < 0.05, not when a
figure rises.

--weights ranks with a stored weight profile (NAME, or NAME@VERSION; the latest
without), or a whole profile saved as a JSON file (FILE.json with name, beta and
gap, as GET /api/v1/weights/NAME answers it), instead of the default weights. --against NAME backtests that profile too and reports the change,
--weights minus --against, per measure with its interval and p-value: how an
analyst proves that a tuning helps.

--split-date D splits the outcomes in time: weights are fitted (as chainmatch
weights fit does, nothing saved) on those dated before D, and the prior and the
fit are both measured on those dated on or after D.

examples: chainmatch eval --outcomes outcomes.csv
          chainmatch eval --outcomes outcomes.csv --split-date 2023
          chainmatch eval --outcomes outcomes.csv --weights fitted --against default
          chainmatch eval --outcomes outcomes.jsonl --k 50 --relevant visited,signed,landed --format json`

func cmdEval() command {
	return command{name: "eval", summary: "backtest the ranking against recorded outcomes, with baselines", run: runEval}
}

func runEval(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "eval", "[--outcomes FILE] [--k N] [--format table|json]", evalSummary)
	cfg.dataFlags(fs)
	file := fs.String("outcomes", "", "outcomes file (.jsonl or .csv); empty: those recorded in the database")
	k := fs.Int("k", 20, "cut-off of NDCG@k and recall@k")
	relevant := fs.String("relevant", "signed,landed", "outcome types that count as relevant (comma-separated)")
	format := fs.String("format", "table", "output format: table or json")
	split := fs.String("split-date", "", "time split: fit on outcomes before this date, test on or after it")
	weights := fs.String("weights", "", "weight profile: NAME, NAME@VERSION or FILE.json (default: the default weights)")
	against := fs.String("against", "", "also backtest this profile (NAME, NAME@VERSION or FILE.json) and report the change")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if *split != "" && (*weights != "" || *against != "") {
		return fmt.Errorf("%w: eval: --split-date fits its own weights: give it without --weights and --against", errUsage)
	}
	if err := checkFormat("eval", *format, "table", "json"); err != nil {
		return err
	}
	var rel []chainmatch.Status
	for _, s := range splitList(*relevant) {
		st, ok := chainmatch.ParseStatus(s)
		if !ok {
			return fmt.Errorf("%w: eval: --relevant: %q is not a status (%v)", errUsage, s, chainmatch.Statuses)
		}
		rel = append(rel, st)
	}
	eng, err := openEngine(ctx, e, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), "eval")
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer eng.Close()
	if *split != "" {
		res, err := fitFromFile(ctx, eng, *file, *split, *k, match.FitOptions{})
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		if *format == "json" {
			return writeJSON(e.stdout, res)
		}
		printFit(e, res)
		return nil
	}
	var outcomes []chainmatch.Outcome
	if *file != "" {
		outcomes, err = readOutcomesFile(*file)
	} else {
		outcomes, err = eng.Store().Outcomes(ctx, "")
	}
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if len(outcomes) == 0 {
		return fmt.Errorf("eval: no outcomes to evaluate against: give --outcomes FILE, or record statuses on target lists")
	}
	w, err := loadWeights(ctx, eng, *weights)
	if err != nil {
		return fmt.Errorf("eval: --weights: %w", err)
	}
	var bt *engine.Backtest
	if *against == "" {
		bt, err = eng.Backtest(ctx, outcomes, *k, rel, w)
	} else {
		var a *chainmatch.Weights
		if a, err = loadWeights(ctx, eng, *against); err != nil {
			return fmt.Errorf("eval: --against: %w", err)
		}
		if bt, err = eng.BacktestAgainst(ctx, outcomes, *k, rel, w, a); err == nil {
			// Name them as given: a file by its path, a profile as asked for.
			bt.Against.Weights, bt.Against.Against = cmp.Or(*weights, bt.Against.Weights), *against
		}
	}
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if *format == "json" {
		return writeJSON(e.stdout, bt)
	}
	fmt.Fprintf(e.stdout, "%d outcomes, %d (county, chain) queries, %d outcomes left out\n\n", len(outcomes), len(bt.Queries), bt.Unmatched)
	rows := [][]string{{"COUNTY", "CHAIN", "CANDIDATES", "RANKS", fmt.Sprintf("RECALL@%d", *k), "MRR"}}
	for _, q := range bt.Queries {
		var ranks []string
		for i, r := range q.Ranks {
			v := "-"
			if r != nil {
				v = fmt.Sprint(*r)
			}
			if t := q.Tied[i]; t != nil && t[0] != t[1] {
				v += fmt.Sprintf(" of %d–%d", t[0], t[1])
			}
			ranks = append(ranks, q.Relevant[i]+" "+v)
		}
		rows = append(rows, []string{q.County, q.Chain, fmt.Sprint(q.Candidates), strings.Join(ranks, ", "),
			fmt.Sprintf("%.2f", q.Recall), fmt.Sprintf("%.3f", q.MRR)})
	}
	writeTable(e.stdout, rows)
	printBelow(e.stdout, bt)
	fmt.Fprintln(e.stdout)
	rows = [][]string{append([]string{"METHOD"}, metricHeads(*k)...)}
	for _, m := range engine.Methods {
		x := bt.Methods[m]
		rows = append(rows, []string{m, fmt.Sprintf("%.4f", x.NDCG), fmt.Sprintf("%.4f", x.Recall),
			fmt.Sprintf("%.4f", x.RecallAt100), fmt.Sprintf("%.4f", x.MAP), fmt.Sprintf("%.4f", x.MRR)})
	}
	writeTable(e.stdout, rows)
	printSureness(e.stdout, bt)
	if c := bt.Against; c != nil {
		fmt.Fprintf(e.stdout, "\n%s against %s (the change per query, %s minus %s):\n", c.Weights, c.Against, c.Weights, c.Against)
		printDifferences(e.stdout, *k, "", map[string]map[string]match.Difference{"": c.Change})
	}
	for _, u := range bt.Unresolved {
		fmt.Fprintf(e.stdout, "left out: %s %s %s: %s\n", u.County, u.Chain, u.Subject, u.Reason)
	}
	return nil
}

// printBelow lists the relevant enterprises ranked below k with the features
// where they fall short of the top k (|difference| ≥ 0.005, most behind first).
func printBelow(w io.Writer, bt *engine.Backtest) {
	head := false
	for _, q := range bt.Queries {
		for _, b := range q.Below {
			if !head {
				fmt.Fprintf(w, "\nbelow the top %d (contribution minus the top %d's mean, per feature):\n", bt.K, bt.K)
				head = true
			}
			at100 := ""
			if b.ScoreAt100 != nil {
				at100 = fmt.Sprintf(", 100th %.3f", *b.ScoreAt100)
			}
			fs := slices.SortedFunc(maps.Keys(b.Behind), func(x, y string) int {
				return cmp.Or(cmp.Compare(b.Behind[x], b.Behind[y]), strings.Compare(x, y))
			})
			var parts []string
			for _, f := range fs {
				if d := b.Behind[f]; math.Abs(d) >= 0.005 {
					parts = append(parts, fmt.Sprintf("%s %+.3f", f, d))
				}
			}
			rank := fmt.Sprint(b.Rank)
			if i := slices.Index(q.IDs, b.ID); i >= 0 && q.Tied[i] != nil && q.Tied[i][0] != q.Tied[i][1] {
				rank += fmt.Sprintf(" of %d–%d", q.Tied[i][0], q.Tied[i][1])
			}
			fmt.Fprintf(w, "  %s %s %s %s: score %.3f; %dth %.3f%s; %s\n", q.County, q.Chain, b.Name, rank,
				b.Score, bt.K, b.ScoreAtK, at100, strings.Join(parts, ", "))
		}
	}
}

func readOutcomesFile(path string) ([]chainmatch.Outcome, error) {
	ff, err := read.FormatOf(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out, err := read.ReadOutcomes(f, ff)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// metricHeads are the column heads of the measures at cut-off k, in the order of
// match.MetricKeys.
func metricHeads(k int) []string {
	return []string{fmt.Sprintf("NDCG@%d", k), fmt.Sprintf("RECALL@%d", k), "RECALL@100", "MAP", "MRR"}
}

// printSureness prints the 95% intervals of every method's measures and the
// model against each baseline.
func printSureness(w io.Writer, bt *engine.Backtest) {
	if len(bt.Queries) == 0 {
		return
	}
	fmt.Fprintf(w, "\n95%% intervals (bootstrap over the %d queries):\n", len(bt.Queries))
	rows := [][]string{append([]string{"METHOD"}, metricHeads(bt.K)...)}
	for _, m := range engine.Methods {
		row := []string{m}
		for _, key := range match.MetricKeys {
			iv := bt.Intervals[m][key]
			row = append(row, fmt.Sprintf("%.2f–%.2f", iv.Low, iv.High))
		}
		rows = append(rows, row)
	}
	writeTable(w, rows)
	fmt.Fprintln(w, "\nthe model against each baseline (mean difference per query):")
	printDifferences(w, bt.K, "BASELINE", bt.Versus)
}

// printDifferences prints paired comparisons, one row per (name, measure): the
// mean difference, its 95% interval, the sign-flip p-value and the queries won,
// lost and tied. An empty head leaves the name column out.
func printDifferences(w io.Writer, k int, head string, ds map[string]map[string]match.Difference) {
	rows := [][]string{{head, "MEASURE", "DIFFERENCE", "95% INTERVAL", "P", "WON/LOST/TIED"}}
	heads := metricHeads(k)
	for _, name := range slices.Sorted(maps.Keys(ds)) {
		for i, key := range match.MetricKeys {
			d := ds[name][key]
			rows = append(rows, []string{name, heads[i], fmt.Sprintf("%+.4f", d.Diff),
				fmt.Sprintf("%+.3f to %+.3f", d.Low, d.High), fmt.Sprintf("%.4f", d.P), fmt.Sprintf("%d/%d/%d", d.Wins, d.Losses, d.Ties)})
		}
	}
	if head == "" {
		for i := range rows {
			rows[i] = rows[i][1:]
		}
	}
	writeTable(w, rows)
}

// maxWeightsFile bounds a weight profile read from a file.
const maxWeightsFile = 1 << 20

// loadWeights reads a weight profile: FILE.json (a profile as GET
// /api/v1/weights/{name} answers it), a stored NAME or NAME@VERSION (the latest
// without), or the built-in default by its name until one is stored under it.
// Empty is the default weights (nil).
func loadWeights(ctx context.Context, eng *lockedEngine, ref string) (*chainmatch.Weights, error) {
	if ref == "" {
		return nil, nil
	}
	if strings.HasSuffix(ref, ".json") {
		f, err := os.Open(ref)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		// A profile is a few hundred bytes; a large file is the wrong file.
		b, err := io.ReadAll(io.LimitReader(f, maxWeightsFile+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		if len(b) > maxWeightsFile {
			return nil, fmt.Errorf("%s: more than %d KiB: not a weight profile", ref, maxWeightsFile>>10)
		}
		var w chainmatch.Weights
		if err := json.Unmarshal(b, &w); err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		if err := w.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		return &w, nil
	}
	name, version := ref, 0
	if i := strings.LastIndexByte(ref, '@'); i >= 0 {
		v, err := strconv.Atoi(ref[i+1:])
		if err != nil || v < 1 {
			return nil, fmt.Errorf("%q: the version after @ must be a positive number", ref)
		}
		name, version = ref[:i], v
	}
	w, err := eng.Store().Weights(ctx, name, version)
	if !errors.Is(err, chainmatch.ErrNotFound) {
		return w, err
	}
	if def := match.DefaultWeights(); name == def.Name && (version == 0 || version == def.Version) {
		return &def, nil
	}
	if version > 0 {
		return nil, fmt.Errorf("no version %d of the weight profile %q", version, name)
	}
	return nil, fmt.Errorf("no weight profile %q (chainmatch weights fit --name %s saves one; a file must end in .json)", name, name)
}
