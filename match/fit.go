package match

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"

	"github.com/chainmatch/chainmatch"
)

// Example is one labelled candidate for fitting weights: its feature vector in the
// order of chainmatch.Features and whether it led to an outcome (visited, signed,
// landed).
type Example struct {
	X        []float64
	Positive bool
}

// FitReport says how a fit went.
type FitReport struct {
	Examples  int      `json:"examples"`
	Positives int      `json:"positives"`
	Intercept float64  `json:"intercept"`
	Loss      float64  `json:"loss"`       // mean log-loss at the optimum, penalty excluded
	PriorLoss float64  `json:"prior_loss"` // mean log-loss of the prior weights (best intercept)
	Status    string   `json:"status"`
	Clipped   []string `json:"clipped,omitempty"` // features whose sign was enforced
}

// FeatureRows returns each candidate's feature vector (order of chainmatch.Features,
// unknowns at their means) for the request's county and chain, keyed by seq. It
// ranks with unit weights, so each contribution is the feature itself; Limit is
// ignored. Meant for fitting and back-tests, not for the hot path.
func FeatureRows(p *Pool, req Request) (map[uint32][]float64, error) {
	w := DefaultWeights()
	if req.Weights != nil {
		w = *req.Weights
	}
	unit := w
	unit.Beta = map[string]float64{}
	for _, f := range chainmatch.Features {
		unit.Beta[f] = 1
	}
	req.Weights = &unit
	req.Limit = max(1, len(p.seq))
	res, err := Rank(p, req)
	if err != nil {
		return nil, fmt.Errorf("feature rows: %w", err)
	}
	out := make(map[uint32][]float64, len(res.Targets))
	for k, t := range res.Targets {
		x := make([]float64, len(chainmatch.Features))
		for j, f := range chainmatch.Features {
			x[j] = t.Contributions[f]
		}
		out[res.Seqs[k]] = x
	}
	return out, nil
}

// FitWeights fits β by penalised logistic regression with gonum optimize (L-BFGS):
//
//	minimise  (1/N) Σ_i log(1 + exp(−y_i (b + β·x_i)))  +  (λ/2) ‖β − β_prior‖²
//
// with y_i = ±1, an intercept b (not penalised) and β_prior = prior.Beta: with few
// outcomes the fit stays near the analysts' weights. Known signs are then enforced
// (every feature ≥ 0 except risk ≤ 0; a feature of the wrong sign is set to 0 and
// listed in FitReport.Clipped), and β is rescaled to the prior's Σ|β_k| (a ranking
// does not change under positive scaling). λ ≤ 0 means 1. The result is prior with
// the new Beta, Version + 1 and Note naming the fit.
func FitWeights(examples []Example, prior chainmatch.Weights, lambda float64) (chainmatch.Weights, FitReport, error) {
	nf := len(chainmatch.Features)
	rep := FitReport{Examples: len(examples)}
	for i, e := range examples {
		if len(e.X) != nf {
			return prior, rep, fmt.Errorf("fit weights: %w", chainmatch.FieldErrors{
				fmt.Sprintf("examples[%d].x", i): fmt.Sprintf("has %d features, want %d", len(e.X), nf)})
		}
		if e.Positive {
			rep.Positives++
		}
	}
	if rep.Positives == 0 || rep.Positives == len(examples) {
		return prior, rep, fmt.Errorf("fit weights: %w", chainmatch.FieldErrors{
			"examples": "need both positive and negative examples"})
	}
	if lambda <= 0 {
		lambda = 1
	}
	b0 := make([]float64, nf)
	var priorL1 float64
	for j, f := range chainmatch.Features {
		b0[j] = prior.Beta[f]
		priorL1 += math.Abs(b0[j])
	}
	n := float64(len(examples))
	loss := func(theta []float64, grad []float64) float64 {
		// theta = (b, β_1..β_nf)
		if grad != nil {
			clear(grad)
		}
		var l float64
		for _, e := range examples {
			y := -1.0
			if e.Positive {
				y = 1
			}
			z := theta[0]
			for j := 0; j < nf; j++ {
				z += theta[1+j] * e.X[j]
			}
			m := y * z
			// log(1+exp(−m)) computed stably
			if m > 0 {
				l += math.Log1p(math.Exp(-m))
			} else {
				l += -m + math.Log1p(math.Exp(m))
			}
			if grad != nil {
				g := -y / (1 + math.Exp(m)) // d/dz
				grad[0] += g / n
				for j := 0; j < nf; j++ {
					grad[1+j] += g * e.X[j] / n
				}
			}
		}
		return l / n
	}
	objective := optimize.Problem{
		Func: func(theta []float64) float64 {
			v := loss(theta, nil)
			for j := 0; j < nf; j++ {
				d := theta[1+j] - b0[j]
				v += lambda / 2 * d * d
			}
			return v
		},
		Grad: func(grad, theta []float64) {
			loss(theta, grad)
			for j := 0; j < nf; j++ {
				grad[1+j] += lambda * (theta[1+j] - b0[j])
			}
		},
	}
	start := append([]float64{0}, b0...)
	res, err := optimize.Minimize(objective, start, nil, &optimize.LBFGS{})
	if err != nil && res == nil {
		return prior, rep, fmt.Errorf("fit weights: %w", err)
	}
	rep.Status = res.Status.String()
	rep.Intercept = res.X[0]
	rep.Loss = loss(res.X, nil)
	// The prior's own loss, with its best intercept (a one-dimensional fit).
	pr, perr := optimize.Minimize(optimize.Problem{Func: func(b []float64) float64 {
		return loss(append([]float64{b[0]}, b0...), nil)
	}}, []float64{0}, nil, &optimize.NelderMead{})
	if perr == nil || pr != nil {
		rep.PriorLoss = pr.F
	}
	beta := res.X[1:]
	var l1 float64
	for j, f := range chainmatch.Features {
		wantNeg := f == chainmatch.FeatureRisk
		if (wantNeg && beta[j] > 0) || (!wantNeg && beta[j] < 0) {
			beta[j] = 0
			rep.Clipped = append(rep.Clipped, f)
		}
		l1 += math.Abs(beta[j])
	}
	out := prior
	out.Beta = make(map[string]float64, nf)
	for j, f := range chainmatch.Features {
		v := beta[j]
		if l1 > 0 {
			v *= priorL1 / l1
		}
		out.Beta[f] = v
	}
	out.Version = prior.Version + 1
	out.Note = fmt.Sprintf("logistic fit (L-BFGS) on %d examples, %d positive, shrunk to %s v%d with λ=%g",
		rep.Examples, rep.Positives, prior.Name, prior.Version, lambda)
	return out, rep, nil
}
