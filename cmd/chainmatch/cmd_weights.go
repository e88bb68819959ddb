package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/match"
)

const weightsFitSummary = `Learn the scoring weights from outcomes (signings, landings) and save them as the
next version of a weight profile, with the metrics of the prior and of the fit on
held-out queries. The fit minimises a pairwise (RankNet) loss — each signer should
outrank the other candidates of its county and chain — or a logistic loss, with
gonum's L-BFGS, pulled towards the prior's weights by --lambda and keeping each
weight's known sign (risk ≤ 0, the others ≥ 0). --split-date D fits on outcomes
dated before D and tests on those on or after it; without it every other (county,
chain) query is held out. The default weights are never changed: the fit is saved
under --name (default "fitted") unless --dry-run.

examples: chainmatch weights fit --outcomes signings.csv
          chainmatch weights fit --outcomes signings.csv --split-date 2023 --lambda 0.1 --format json`

func cmdWeights() command {
	return command{name: "weights", summary: "weight profiles: fit on outcomes (weights fit)", run: runWeights}
}

func runWeights(ctx context.Context, e env) error {
	if len(e.args) == 0 || e.args[0] != "fit" {
		if len(e.args) > 0 && (e.args[0] == "-h" || e.args[0] == "--help") {
			fmt.Fprintln(e.stdout, "usage: chainmatch weights fit --outcomes FILE [flags]\n\n"+weightsFitSummary)
			return errHelp
		}
		return fmt.Errorf("%w: weights: want the subcommand fit", errUsage)
	}
	e.args = e.args[1:]
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "weights fit", "--outcomes FILE [--split-date D] [--name NAME] [--format table|json]", weightsFitSummary)
	cfg.dataFlags(fs)
	file := fs.String("outcomes", "", "outcomes file (.csv or .jsonl); empty: those recorded in the database")
	name := fs.String("name", "fitted", "profile to save the fit under (a new version)")
	split := fs.String("split-date", "", "fit before this date (YYYY, YYYY-MM or YYYY-MM-DD), test on or after it")
	lambda := fs.Float64("lambda", 1, "pull towards the prior's weights (larger: closer)")
	loss := fs.String("loss", "pairwise", "pairwise or logistic")
	k := fs.Int("k", 20, "cut-off of NDCG@k and recall@k")
	dry := fs.Bool("dry-run", false, "fit and report, save nothing")
	format := fs.String("format", "table", "output format: table or json")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	eng, err := openEngine(ctx, e, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), "weights")
	if err != nil {
		return fmt.Errorf("weights fit: %w", err)
	}
	defer eng.Close()
	res, err := fitFromFile(ctx, eng, *file, *split, *k, match.FitOptions{Lambda: *lambda, Loss: *loss})
	if err != nil {
		return fmt.Errorf("weights fit: %w", err)
	}
	saved := false
	if !*dry {
		res.Weights.Name = *name
		res.Weights.Author = "chainmatch weights fit"
		if err := eng.Store().SaveWeights(ctx, &res.Weights); err != nil {
			return fmt.Errorf("weights fit: %w", err)
		}
		saved = true
	}
	if *format == "json" {
		return writeJSON(e.stdout, map[string]any{"saved": saved, "weights": res.Weights, "fit": res})
	}
	printFit(e, res)
	if saved {
		fmt.Fprintf(e.stdout, "\nsaved as %s v%d (use it with --weights %s in chainmatch match and eval, weights_name in the API)\n", res.Weights.Name, res.Weights.Version, res.Weights.Name)
	}
	return nil
}

func fitFromFile(ctx context.Context, eng *lockedEngine, file, split string, k int, opt match.FitOptions) (*engine.FitResult, error) {
	var outcomes []chainmatch.Outcome
	var err error
	if file != "" {
		outcomes, err = readOutcomesFile(file)
	} else {
		outcomes, err = eng.Store().Outcomes(ctx, "")
	}
	if err != nil {
		return nil, err
	}
	return eng.Fit(ctx, engine.FitRequest{Outcomes: outcomes, SplitDate: split, K: k, Options: opt})
}

func printFit(e env, res *engine.FitResult) {
	fmt.Fprintf(e.stdout, "split %s: %d training outcomes (%d queries), %d held out (%d queries), %d undated left out\n",
		res.Split, res.Counts.Train, res.TrainQueries, res.Counts.Test, res.TestQueries, res.Counts.Undated)
	r := res.Report
	fmt.Fprintf(e.stdout, "%s loss, λ=%g: %d examples, %d positive, %d pairs; loss %.4f (prior %.4f); %s\n\n",
		r.Loss, r.Lambda, r.Examples, r.Positives, r.Pairs, r.Fit, r.PriorFit, r.Status)
	rows := [][]string{{"FEATURE", "PRIOR", "FITTED"}}
	for _, f := range chainmatch.FeatureTable {
		rows = append(rows, []string{f.ID + " " + f.Label, fmt.Sprintf("%.4f", res.Prior.Beta[f.ID]), fmt.Sprintf("%.4f", res.Weights.Beta[f.ID])})
	}
	writeTable(e.stdout, rows)
	fmt.Fprintln(e.stdout)
	if res.Before == nil {
		fmt.Fprintln(e.stdout, "no held-out query: nothing to compare")
		return
	}
	rows = [][]string{append([]string{"HELD OUT"}, metricHeads(res.K)...)}
	for _, m := range []struct {
		name string
		x    *match.Metrics
	}{{"prior", res.Before}, {"fitted", res.After}} {
		rows = append(rows, []string{m.name, fmt.Sprintf("%.4f", m.x.NDCG), fmt.Sprintf("%.4f", m.x.Recall),
			fmt.Sprintf("%.4f", m.x.RecallAt100), fmt.Sprintf("%.4f", m.x.MAP), fmt.Sprintf("%.4f", m.x.MRR)})
	}
	writeTable(e.stdout, rows)
	fmt.Fprintf(e.stdout, "\nthe fit against the prior on the %d held-out queries (fitted minus prior, per query):\n", res.TestQueries)
	printDifferences(e.stdout, res.K, "", map[string]map[string]match.Difference{"": res.Change})
}
