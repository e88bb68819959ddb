// Package match owns the ranker: chain gaps, candidate features, explainable scores,
// weights (AHP, sandbox), node tagging, and evaluation, as pure functions with gonum.
//
// The engine builds one Pool per data generation and ranks against it:
//
//	pool := match.NewPool(chains, counties) // datasets.Chains(), datasets.Counties()
//	for each stored enterprise (seq, e):    // store.Enterprises, in seq order
//		pool.Add(uint32(seq), e)            // e.NodeTags from the Tagger
//	pool.Freeze()
//
//	gaps, err := pool.Gaps(county, chain.ID, &weights)
//	res, err := match.Rank(pool, match.Request{
//		County: county, Chain: chain, Weights: &weights, Limit: 50,
//		Candidates: seqsFromIndex, // nil: every record tagged to the chain
//		Now: time.Now(),
//	})
//	// res.Targets (ranked, explained), res.Seqs, res.Gaps, res.Counts
//	local, err := match.RankLocal(pool, req) // the county's own firms, by expansion
//
// Talents go the same way through NewTalentPool and Rank with Request.Talents. Weights come from
// DefaultWeights or AHP; Compare shows what a change of weights does to the top N;
// Measure (per query, ties averaged over their orders), Mean and the baselines
// (LargestFirst, TextOnly, RandomMeasure) back-test, and Intervals and Paired say
// how sure a back-test is (significance.go).
//
// Methods (design.md §3): shrunk location quotients, evidence per node and
// relatedness density for gaps (gaps.go), where a record is and which firms are a
// county's own (locate.go), feature formulas and normalisation (features.go),
// score = β·x with contributions β_k x_k (rank.go), reasons (explain.go), channel
// choice with its reason (channel.go), the local-base list (localbase.go).
package match
