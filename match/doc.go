// Package match owns the ranker: chain gaps, candidate features, explainable scores,
// weights (AHP, sandbox), node tagging, and evaluation, as pure functions with gonum.
package match
