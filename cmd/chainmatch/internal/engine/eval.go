package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// Backtest is how well the ranking and the baselines found the enterprises that
// recorded outcomes say were worth finding.
type Backtest struct {
	K             int                 `json:"k"`
	RelevantTypes []chainmatch.Status `json:"relevant_types"` // outcome types that count
	Queries       []BacktestQuery     `json:"queries"`
	// Metrics are the model's, Baselines the simple orders' (random, largest, text).
	Metrics   match.Metrics            `json:"metrics"`
	Baselines map[string]match.Metrics `json:"baselines"`
	// Methods holds every method by its long name (model, largest_first, text_only,
	// random), as earlier versions reported them.
	Methods map[string]match.Metrics `json:"methods"`
	// Intervals are, per method (long name) and measure, 95% bootstrap intervals
	// over the queries; Versus compares the model with each baseline (short name)
	// query by query: mean difference, its interval, a sign-flip p-value, wins and
	// losses (match.Difference). Few queries give wide intervals and large p.
	Intervals map[string]map[string]match.Interval   `json:"intervals"`
	Versus    map[string]map[string]match.Difference `json:"versus"`
	// Unresolved lists the outcomes that were left out, each with the reason: no
	// enterprise or several match its subject, or its county or chain is unknown.
	Unresolved []Unresolved `json:"unresolved"`
	Unmatched  int          `json:"unmatched"` // len(Unresolved)
	// Against is this backtest's weights against another profile's on the same
	// outcomes (BacktestAgainst); absent otherwise.
	Against *Comparison `json:"against,omitempty"`
	// per holds each method's measures per query, in the order of Queries.
	per map[string][]match.QueryMetrics
}

// Comparison is a backtest's weights against another profile's: that profile's
// metrics and, per measure, the change query by query (this backtest's minus
// the other's) with its 95% interval and sign-flip p-value.
type Comparison struct {
	Weights string                      `json:"weights"` // this backtest's profile
	Against string                      `json:"against"` // the profile compared with
	Metrics match.Metrics               `json:"metrics"` // the other profile's
	Change  map[string]match.Difference `json:"change"`
}

// evalSeed seeds the bootstrap and the random sign flips, so a report repeats.
const evalSeed = 20261201

// ChangeFrom compares the model of b with that of a, query by query (b minus a):
// how a change of weights moved each measure, with its interval and p-value. The
// two backtests must cover the same queries (the same outcomes).
func (b *Backtest) ChangeFrom(a *Backtest) (map[string]match.Difference, error) {
	if len(a.Queries) != len(b.Queries) {
		return nil, fmt.Errorf("compare backtests: %d queries against %d", len(b.Queries), len(a.Queries))
	}
	for i := range a.Queries {
		if qa, qb := a.Queries[i], b.Queries[i]; qa.County != qb.County || qa.Chain != qb.Chain {
			return nil, fmt.Errorf("compare backtests: query %d is %s %s against %s %s", i+1, qb.County, qb.Chain, qa.County, qa.Chain)
		}
	}
	return match.Paired(b.per["model"], a.per["model"], evalSeed), nil
}

// BacktestAgainst is Backtest under w with Against filled: the same outcomes
// backtested under against, and the change from it to w (nil weights: the
// default ones).
func (e *Engine) BacktestAgainst(ctx context.Context, outcomes []chainmatch.Outcome, k int, relevant []chainmatch.Status, w, against *chainmatch.Weights) (*Backtest, error) {
	bt, err := e.Backtest(ctx, outcomes, k, relevant, w)
	if err != nil {
		return nil, err
	}
	base, err := e.Backtest(ctx, outcomes, k, relevant, against)
	if err != nil {
		return nil, err
	}
	change, err := bt.ChangeFrom(base)
	if err != nil {
		return nil, err
	}
	bt.Against = &Comparison{Weights: profileName(w), Against: profileName(against), Metrics: base.Metrics, Change: change}
	return bt, nil
}

// profileName names weights in a report: name and version, "default" for nil.
func profileName(w *chainmatch.Weights) string {
	switch {
	case w == nil:
		return match.DefaultWeights().Name
	case w.Version > 0:
		return fmt.Sprintf("%s v%d", w.Name, w.Version)
	case w.Name != "":
		return w.Name
	}
	return "inline"
}

// BacktestQuery is one (county, chain) with its relevant enterprises and where the
// model ranked each (Ranks[i] for Relevant[i], 1-based; null when the enterprise is
// not a candidate of the chain, e.g. not tagged to it or located in the county).
type BacktestQuery struct {
	County   string   `json:"county"`
	Chain    string   `json:"chain"`
	Relevant []string `json:"relevant"` // enterprise names
	IDs      []string `json:"ids"`
	Ranks    []*int   `json:"ranks"`
	// Tied holds, for each relevant enterprise, the first and last rank that share
	// its score (both its rank when none does; null when it is not ranked). The
	// order within a tie is arbitrary, and the measures are the mean over it.
	Tied       []*[2]int `json:"tied"`
	Candidates int       `json:"candidates"`
	Recall     float64   `json:"recall"` // at k
	NDCG       float64   `json:"ndcg"`
	MRR        float64   `json:"mrr"`
	// Below are the relevant candidates ranked below k (in some order of their
	// tie), with where their score falls short: what an analyst reads before
	// changing a weight.
	Below []BacktestBelow `json:"below,omitempty"`
}

// BacktestBelow is a relevant enterprise the model ranked below k (in some order
// of its tie).
type BacktestBelow struct {
	Name  string  `json:"name"`
	ID    string  `json:"id"`
	Rank  int     `json:"rank"`
	Score float64 `json:"score"`
	// ScoreAtK and ScoreAt100 are the scores of the k-th and the 100th target
	// (the least score that enters the top k or the top 100); ScoreAt100 is
	// absent when the query has fewer candidates.
	ScoreAtK   float64  `json:"score_at_k"`
	ScoreAt100 *float64 `json:"score_at_100,omitempty"`
	// Behind is, per feature, the enterprise's contribution minus the mean
	// contribution over the top k; they sum to its score minus the top k's mean
	// score.
	Behind map[string]float64 `json:"behind_top_k"`
}

// Unresolved is an outcome the backtest could not use.
type Unresolved struct {
	County  string `json:"county"`
	Chain   string `json:"chain,omitempty"`
	Subject string `json:"subject"`
	Reason  string `json:"reason"`
}

// Methods of a backtest, in the order reports show them, and the short names of
// the baselines in Backtest.Baselines.
var (
	Methods       = []string{"model", "largest_first", "text_only", "random"}
	baselineNames = map[string]string{"largest_first": "largest", "text_only": "text", "random": "random"}
)

// evalRankLimit bounds the ranked depth of the model in a backtest: relevant
// enterprises ranked deeper count as not found for MAP and MRR.
const evalRankLimit = 20000

// Backtest ranks, for every (county, chain) the outcomes name, all candidates with
// the model and with the baselines (largest registered capital first, text
// relevance only: the best node text score of each record, random: what a
// random order scores in expectation), and measures NDCG@k, recall@k,
// recall@100, MAP and MRR against the enterprises whose outcomes have one of the
// relevant types, each the mean over every order of the candidates that tie
// (match.Measure). An outcome's enterprise is found by its subject id or USCC, else
// by name (see resolveName); an outcome without a chain counts for every chain its
// enterprise is tagged to. Outcomes that cannot be used are listed with the reason.
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
	groups, unresolved, err := e.outcomeGroups(ctx, snap, outcomes, isRel)
	if err != nil {
		return nil, err
	}
	bt := &Backtest{K: k, RelevantTypes: relevant, Methods: map[string]match.Metrics{},
		Baselines: map[string]match.Metrics{}, Intervals: map[string]map[string]match.Interval{},
		Versus: map[string]map[string]match.Difference{}, Unresolved: unresolved, per: map[string][]match.QueryMetrics{}}
	bt.Unmatched = len(bt.Unresolved)
	keys := sortedKeys(groups)
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
		rel, of := onePerFirm(snap.pool, groups[gk], seqs)
		scores := make([]float64, len(res.Targets))
		for i := range res.Targets {
			scores[i] = res.Targets[i].Score
		}
		bt.per["model"] = append(bt.per["model"], match.Measure(res.Seqs, scores, rel, k))
		order, by := match.LargestFirst(snap.pool, seqs)
		bt.per["largest_first"] = append(bt.per["largest_first"], match.Measure(order, by, rel, k))
		order, by = match.TextOnly(seqs, snap.pool.ChainText(chain.ID))
		bt.per["text_only"] = append(bt.per["text_only"], match.Measure(order, by, rel, k))
		bt.per["random"] = append(bt.per["random"], match.RandomMeasure(seqs, rel, k))
		mq := bt.per["model"][len(bt.per["model"])-1]
		q := BacktestQuery{County: county.Code, Chain: chain.ID, Candidates: len(seqs),
			Recall: mq.Recall, NDCG: mq.NDCG, MRR: mq.RR}
		pos := make(map[uint32]int, len(res.Seqs))
		for r, s := range res.Seqs {
			pos[s] = r + 1
		}
		relSeqs := make([]uint32, 0, len(rel))
		for s := range rel {
			relSeqs = append(relSeqs, s)
		}
		sort.Slice(relSeqs, func(a, b int) bool { return relSeqs[a] < relSeqs[b] })
		for _, s := range relSeqs {
			sum, _ := snap.pool.Summary(s)
			if o, ok := of[s]; ok {
				sum, _ = snap.pool.Summary(o)
			}
			q.Relevant = append(q.Relevant, sum.Name)
			q.IDs = append(q.IDs, sum.ID)
			if r, ok := pos[s]; ok {
				q.Ranks = append(q.Ranks, &r)
				tie := tieOf(scores, r)
				q.Tied = append(q.Tied, tie)
				if tie[1] > k { // below k in some order of its tie
					q.Below = append(q.Below, below(res.Targets, r, k, sum.Name, sum.ID))
				}
			} else {
				q.Ranks = append(q.Ranks, nil)
				q.Tied = append(q.Tied, nil)
			}
		}
		bt.Queries = append(bt.Queries, q)
	}
	for _, m := range Methods {
		bt.Methods[m] = match.Mean(bt.per[m], k)
		bt.Intervals[m] = match.Intervals(bt.per[m], evalSeed)
		if short, ok := baselineNames[m]; ok {
			bt.Baselines[short] = bt.Methods[m]
			bt.Versus[short] = match.Paired(bt.per["model"], bt.per[m], evalSeed)
		}
	}
	bt.Metrics = bt.Methods["model"]
	return bt, nil
}

// onePerFirm returns rel with each enterprise that is not among the candidates
// seqs, because the candidates hold its firm as its twin (match.Pool.Twin: a
// listed short name and its registered name), replaced by that twin, and the
// enterprise each replacing seq stands for.
func onePerFirm(p *match.Pool, rel map[uint32]bool, seqs []uint32) (map[uint32]bool, map[uint32]uint32) {
	var in map[uint32]bool
	out, of := make(map[uint32]bool, len(rel)), map[uint32]uint32{}
	for s := range rel {
		if t, ok := p.Twin(s); ok {
			if in == nil {
				in = make(map[uint32]bool, len(seqs))
				for _, q := range seqs {
					in[q] = true
				}
			}
			if !in[s] && in[t] {
				of[t] = s
				s = t
			}
		}
		out[s] = true
	}
	return out, of
}

// tieOf is the first and last 1-based rank whose score equals that at rank r.
func tieOf(scores []float64, r int) *[2]int {
	lo, hi := r, r
	for lo > 1 && scores[lo-2] == scores[r-1] {
		lo--
	}
	for hi < len(scores) && scores[hi] == scores[r-1] {
		hi++
	}
	return &[2]int{lo, hi}
}

// below says where the target at 1-based rank r, below k in some order of its
// tie, falls short of the top k.
func below(ts []chainmatch.Target, r, k int, name, id string) BacktestBelow {
	t := &ts[r-1]
	b := BacktestBelow{Name: name, ID: id, Rank: r, Score: t.Score, ScoreAtK: ts[k-1].Score,
		Behind: make(map[string]float64, len(t.Contributions))}
	if len(ts) >= 100 {
		v := ts[99].Score
		b.ScoreAt100 = &v
	}
	for f, v := range t.Contributions {
		var mean float64
		for i := range ts[:k] {
			mean += ts[i].Contributions[f]
		}
		b.Behind[f] = v - mean/float64(k)
	}
	return b
}

// outcomeKey is a (county, chain) query of a backtest or a fit.
type outcomeKey struct{ county, chain string }

// outcomeGroups resolves the outcomes of the relevant types to pool seqs, grouped
// by (county, chain); outcomes that cannot be used are returned with the reason.
func (e *Engine) outcomeGroups(ctx context.Context, snap *snapshot, outcomes []chainmatch.Outcome, isRel map[chainmatch.Status]bool) (map[outcomeKey]map[uint32]bool, []Unresolved, error) {
	groups := map[outcomeKey]map[uint32]bool{}
	unresolved := []Unresolved{}
	names := newNameIndex(snap.pool, e.regions.Counties())
	drop := func(o *chainmatch.Outcome, reason string) {
		unresolved = append(unresolved, Unresolved{County: o.County, Chain: o.Chain,
			Subject: firstNonEmpty(o.SubjectID, o.USCC, o.Name), Reason: reason})
	}
	for i := range outcomes {
		o := &outcomes[i]
		if !isRel[o.Type] {
			continue
		}
		county, err := e.regions.Find(o.County)
		if err != nil {
			drop(o, err.Error())
			continue
		}
		seq, reason, err := e.resolveSubject(ctx, names, o)
		if err != nil {
			return nil, nil, fmt.Errorf("outcomes: %w", err)
		}
		if reason != "" {
			drop(o, reason)
			continue
		}
		chains := []string{o.Chain}
		if o.Chain == "" {
			sum, _ := snap.pool.Summary(seq)
			rec, _, err := e.store.Enterprise(ctx, sum.ID)
			if err != nil {
				return nil, nil, fmt.Errorf("outcomes: %w", err)
			}
			chains = nil
			seen := map[string]bool{}
			for _, t := range e.tagger.Enterprise(rec) {
				if !seen[t.Chain] {
					seen[t.Chain] = true
					chains = append(chains, t.Chain)
				}
			}
		}
		for _, id := range chains {
			c, err := e.Chain(id)
			if err != nil {
				drop(o, unknownChain(id))
				continue
			}
			k := outcomeKey{county.Code, c.ID}
			g := groups[k]
			if g == nil {
				g = map[uint32]bool{}
				groups[k] = g
			}
			g[seq] = true
		}
	}
	return groups, unresolved, nil
}

// resolveSubject finds the pool seq of an outcome's enterprise: by subject id or
// USCC, else by name, short name, alias or English name through the store, else
// by a short name that begins a record's core name (nameIndex). A non-empty
// reason says why none, or more than one, was found.
func (e *Engine) resolveSubject(ctx context.Context, names *nameIndex, o *chainmatch.Outcome) (seq uint32, reason string, err error) {
	for _, id := range []string{o.SubjectID, o.USCC} {
		if id == "" {
			continue
		}
		_, s, err := e.store.Enterprise(ctx, id)
		if errors.Is(err, chainmatch.ErrNotFound) {
			continue
		}
		if err != nil {
			return 0, "", err
		}
		return uint32(s), "", nil
	}
	if o.Name == "" {
		return 0, "no enterprise with this id or USCC", nil
	}
	recs, err := e.store.EnterprisesByName(ctx, o.Name)
	if err != nil {
		return 0, "", err
	}
	seqs := make([]uint32, len(recs))
	for k, r := range recs {
		seqs[k] = uint32(r.Seq)
	}
	if len(seqs) == 0 {
		seqs = names.resolve(o.Name)
	}
	switch len(seqs) {
	case 0:
		return 0, "no enterprise with this name, short name or alias", nil
	case 1:
		return seqs[0], "", nil
	}
	ids := make([]string, 0, len(seqs))
	for _, s := range seqs[:min(len(seqs), 5)] {
		sum, _ := names.pool.Summary(s)
		ids = append(ids, sum.ID+" "+sum.Name)
	}
	return 0, fmt.Sprintf("%d enterprises match this name: %s", len(seqs), strings.Join(ids, "; ")), nil
}

func (e *Engine) mustCounty(code string) *chainmatch.County {
	c, _ := e.regions.County(code)
	return c
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// sortedKeys returns the (county, chain) keys of m by county, then chain.
func sortedKeys[V any](m map[outcomeKey]V) []outcomeKey {
	keys := make([]outcomeKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].county != keys[j].county {
			return keys[i].county < keys[j].county
		}
		return keys[i].chain < keys[j].chain
	})
	return keys
}
