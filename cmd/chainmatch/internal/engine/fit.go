package engine

import (
	"context"
	"fmt"
	"sort"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// FitRequest asks for weights learnt from outcomes.
type FitRequest struct {
	Outcomes []chainmatch.Outcome `json:"outcomes,omitempty"`
	Relevant []chainmatch.Status  `json:"relevant,omitempty"` // default signed, landed
	// Prior is the profile the fit is pulled towards and starts from (nil: the
	// default weights).
	Prior *chainmatch.Weights `json:"-"`
	// SplitDate (YYYY, YYYY-MM or YYYY-MM-DD), when set, fits on the outcomes dated
	// before it and tests on those dated on or after it (undated ones are left
	// out); otherwise every other (county, chain) query, in sorted order, is held
	// out.
	SplitDate string           `json:"split_date,omitempty"`
	Options   match.FitOptions `json:"options"`
	K         int              `json:"k,omitempty"` // cut-off of the metrics, default 20
}

// FitResult is a fit with the held-out metrics of the prior and of the fit.
type FitResult struct {
	Weights chainmatch.Weights `json:"weights"`
	Prior   chainmatch.Weights `json:"prior"`
	Report  match.FitReport    `json:"report"`
	Split   string             `json:"split"` // "date:2023" or "queries"
	// Counts are the outcomes on each side; Undated those a date split left out.
	Counts struct {
		Train   int `json:"train"`
		Test    int `json:"test"`
		Undated int `json:"undated"`
	} `json:"outcomes"`
	TrainQueries int `json:"train_queries"`
	TestQueries  int `json:"test_queries"`
	K            int `json:"k"`
	// Before and After are the held-out metrics of the prior and the fitted
	// weights (nil when nothing was held out).
	Before *match.Metrics `json:"before"`
	After  *match.Metrics `json:"after"`
	// Change is, per measure, the fit minus the prior on the held-out queries,
	// with its 95% interval and sign-flip p-value (match.Difference); nil when
	// nothing was held out.
	Change map[string]match.Difference `json:"change"`
	// Unresolved are the training outcomes that could not be used.
	Unresolved []Unresolved `json:"unresolved"`
}

// Fit learns weights from outcomes (match.FitWeights): each training query's
// candidates (every record tagged to the chain outside the county) are examples,
// the enterprises of its relevant outcomes the positives; then the prior and the
// fit are backtested on the held-out outcomes. Nothing is saved here.
func (e *Engine) Fit(ctx context.Context, req FitRequest) (*FitResult, error) {
	snap, err := e.snapshot()
	if err != nil {
		return nil, err
	}
	prior := match.DefaultWeights()
	if req.Prior != nil {
		prior = *req.Prior
	}
	if req.K <= 0 {
		req.K = 20
	}
	if len(req.Relevant) == 0 {
		req.Relevant = []chainmatch.Status{chainmatch.StatusSigned, chainmatch.StatusLanded}
	}
	isRel := map[chainmatch.Status]bool{}
	for _, s := range req.Relevant {
		isRel[s] = true
	}
	out := &FitResult{Prior: prior, K: req.K}
	var train, test []chainmatch.Outcome
	if req.SplitDate != "" {
		split, ok := chainmatch.OutcomeTime(req.SplitDate)
		if !ok {
			return nil, chainmatch.FieldErrors{"split_date": "not a date (YYYY, YYYY-MM or YYYY-MM-DD)"}
		}
		out.Split = "date:" + req.SplitDate
		for _, o := range req.Outcomes {
			t, ok := chainmatch.OutcomeTime(o.Date)
			switch {
			case !ok:
				out.Counts.Undated++
			case t.Before(split):
				train = append(train, o)
			default:
				test = append(test, o)
			}
		}
	} else {
		out.Split = "queries"
		keys := map[outcomeKey]bool{}
		for _, o := range req.Outcomes {
			keys[outcomeKey{o.County, o.Chain}] = true
		}
		sorted := sortedKeys(keys)
		held := map[outcomeKey]bool{}
		for i, k := range sorted {
			held[k] = i%2 == 1
		}
		for _, o := range req.Outcomes {
			if held[outcomeKey{o.County, o.Chain}] {
				test = append(test, o)
			} else {
				train = append(train, o)
			}
		}
	}
	out.Counts.Train, out.Counts.Test = len(train), len(test)
	groups, unresolved, err := e.outcomeGroups(ctx, snap, train, isRel)
	if err != nil {
		return nil, err
	}
	out.Unresolved = unresolved
	keys := sortedKeys(groups)
	var examples []match.Example
	for q, k := range keys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		county, chain := e.mustCounty(k.county), e.byID[k.chain]
		rows, err := match.FeatureRows(snap.pool, match.Request{County: county, Chain: chain, Weights: &prior, Now: e.now()})
		if err != nil {
			return nil, fmt.Errorf("fit %s %s: %w", k.county, k.chain, err)
		}
		seqs := make([]uint32, 0, len(rows))
		for s := range rows {
			seqs = append(seqs, s)
		}
		sort.Slice(seqs, func(a, b int) bool { return seqs[a] < seqs[b] })
		pos := 0
		for _, s := range seqs {
			if groups[k][s] {
				pos++
			}
		}
		if pos == 0 {
			continue // its signers are no candidates (e.g. local firms)
		}
		out.TrainQueries++
		for _, s := range seqs {
			examples = append(examples, match.Example{X: rows[s], Positive: groups[k][s], Query: q})
		}
	}
	fitted, rep, err := match.FitWeights(examples, prior, req.Options)
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	out.Weights, out.Report = fitted, rep
	if len(test) > 0 {
		before, err := e.Backtest(ctx, test, req.K, req.Relevant, &prior)
		if err != nil {
			return nil, err
		}
		after, err := e.Backtest(ctx, test, req.K, req.Relevant, &fitted)
		if err != nil {
			return nil, err
		}
		out.TestQueries = len(before.Queries)
		if out.TestQueries > 0 {
			out.Before, out.After = &before.Metrics, &after.Metrics
			if out.Change, err = after.ChangeFrom(before); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
