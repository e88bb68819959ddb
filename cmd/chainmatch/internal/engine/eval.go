package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/index"
	"github.com/chainmatch/chainmatch/match"
)

// Backtest is how well the ranking and the baselines found the enterprises that
// recorded outcomes say were worth finding.
type Backtest struct {
	K        int                      `json:"k"`
	Relevant []chainmatch.Status      `json:"relevant"` // outcome types that count
	Queries  []BacktestQuery          `json:"queries"`
	Methods  map[string]match.Metrics `json:"methods"` // model, largest_first, random, text_only
	// Unmatched counts outcomes whose subject is not in the pool or whose county or
	// chain is unknown; they are left out.
	Unmatched int `json:"unmatched"`
}

// BacktestQuery is one (county, chain) with its relevant enterprises.
type BacktestQuery struct {
	County     string `json:"county"`
	Chain      string `json:"chain"`
	Relevant   int    `json:"relevant"`
	Candidates int    `json:"candidates"`
}

// Methods of a backtest, in the order reports show them.
var Methods = []string{"model", "largest_first", "text_only", "random"}

// evalRankLimit bounds the ranked depth of the model in a backtest: relevant
// enterprises ranked deeper count as not found for MAP and MRR.
const evalRankLimit = 20000

// Backtest ranks, for every (county, chain) the outcomes name, all candidates with
// the model and with the baselines (largest registered capital first, text
// relevance to the chain's node names only, random), and measures NDCG@k, recall@k,
// MAP and MRR against the enterprises whose outcomes have one of the relevant types.
// An outcome without a chain counts for every chain its enterprise is tagged to.
func (e *Engine) Backtest(ctx context.Context, outcomes []chainmatch.Outcome, k int, relevant []chainmatch.Status, w *chainmatch.Weights) (*Backtest, error) {
	snap, err := e.snapshot()
	if err != nil {
		return nil, err
	}
	if k <= 0 {
		return nil, chainmatch.FieldErrors{"k": "must be positive"}
	}
	if len(relevant) == 0 {
		relevant = []chainmatch.Status{chainmatch.StatusSigned, chainmatch.StatusLanded}
	}
	isRel := map[chainmatch.Status]bool{}
	for _, s := range relevant {
		isRel[s] = true
	}
	type key struct{ county, chain string }
	groups := map[key]map[uint32]bool{}
	bt := &Backtest{K: k, Relevant: relevant, Methods: map[string]match.Metrics{}}
	for _, o := range outcomes {
		if !isRel[o.Type] {
			continue
		}
		rec, seq, err := e.store.Enterprise(ctx, o.SubjectID)
		if errors.Is(err, chainmatch.ErrNotFound) {
			bt.Unmatched++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("backtest: %w", err)
		}
		if _, ok := e.regions.County(o.County); !ok {
			bt.Unmatched++
			continue
		}
		chains := []string{o.Chain}
		if o.Chain == "" {
			chains = nil
			seen := map[string]bool{}
			for _, t := range e.tagger.Enterprise(rec) {
				if !seen[t.Chain] {
					seen[t.Chain] = true
					chains = append(chains, t.Chain)
				}
			}
		}
		for _, c := range chains {
			if _, ok := e.byID[c]; !ok {
				bt.Unmatched++
				continue
			}
			g := groups[key{o.County, c}]
			if g == nil {
				g = map[uint32]bool{}
				groups[key{o.County, c}] = g
			}
			g[uint32(seq)] = true
		}
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].county != keys[j].county {
			return keys[i].county < keys[j].county
		}
		return keys[i].chain < keys[j].chain
	})
	ranked := map[string][][]uint32{}
	var rels []map[uint32]bool
	for _, gk := range keys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		county, chain := e.mustCounty(gk.county), e.byID[gk.chain]
		seqs := match.CandidateSeqs(snap.pool, county.Code, chain.ID, false)
		res, err := match.Rank(snap.pool, match.Request{County: county, Chain: chain, Weights: w,
			Limit: min(len(seqs), evalRankLimit), Now: e.now()})
		if err != nil {
			return nil, fmt.Errorf("backtest %s %s: %w", county.Code, chain.ID, err)
		}
		text, err := e.chainTextScores(ctx, chain)
		if err != nil {
			return nil, fmt.Errorf("backtest %s %s: %w", county.Code, chain.ID, err)
		}
		ranked["model"] = append(ranked["model"], res.Seqs)
		ranked["largest_first"] = append(ranked["largest_first"], match.LargestFirst(snap.pool, seqs))
		ranked["text_only"] = append(ranked["text_only"], match.TextOnly(seqs, text))
		ranked["random"] = append(ranked["random"], match.RandomOrder(seqs, 1))
		rels = append(rels, groups[gk])
		bt.Queries = append(bt.Queries, BacktestQuery{County: county.Code, Chain: chain.ID,
			Relevant: len(groups[gk]), Candidates: len(seqs)})
	}
	for _, m := range Methods {
		bt.Methods[m] = match.Evaluate(ranked[m], rels, k)
	}
	return bt, nil
}

// chainTextScores scores the chain's records by text relevance to the chain's
// node names alone: the "text relevance only" baseline.
func (e *Engine) chainTextScores(ctx context.Context, chain *chainmatch.Chain) (map[uint32]float64, error) {
	var words []string
	for _, n := range chain.Nodes {
		words = append(words, n.Name)
	}
	res, err := e.index.Search(ctx, index.Query{Kind: index.KindEnterprise, Text: strings.Join(words, " "),
		Chain: chain.ID, Limit: maxCandidates})
	if err != nil {
		return nil, err
	}
	scores := make(map[uint32]float64, len(res.Hits))
	for _, h := range res.Hits {
		scores[h.Seq] = h.Score
	}
	return scores, nil
}

func (e *Engine) mustCounty(code string) *chainmatch.County {
	c, _ := e.regions.County(code)
	return c
}
