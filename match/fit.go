package match

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/optimize"

	"github.com/chainmatch/chainmatch"
)

// Example is one labelled candidate for fitting weights: its feature vector in the
// order of chainmatch.Features, whether it led to an outcome (signed, landed), and
// the query (county and chain) it was a candidate of; pairs are formed within a
// query.
type Example struct {
	X        []float64
	Positive bool
	Query    int
}

// FitOptions tune FitWeights.
type FitOptions struct {
	// Lambda is the strength of the pull towards the prior's β; ≤ 0 means 1.
	Lambda float64
	// Loss is "pairwise" (the default: a positive should outrank the negatives
	// of its query) or "logistic" (pointwise, with an intercept).
	Loss string
	// Negatives bounds the negatives paired with each positive (sampled evenly
	// over the query's negatives); ≤ 0 means 200.
	Negatives int
}

// FitReport says how a fit went.
type FitReport struct {
	Loss      string   `json:"loss"`
	Lambda    float64  `json:"lambda"`
	Queries   int      `json:"queries"`
	Examples  int      `json:"examples"`
	Positives int      `json:"positives"`
	Pairs     int      `json:"pairs,omitempty"`
	Scale     float64  `json:"scale"`               // α at the optimum
	Intercept float64  `json:"intercept,omitempty"` // logistic only
	Fit       float64  `json:"fit_loss"`            // mean loss at the optimum, penalty excluded
	PriorFit  float64  `json:"prior_loss"`          // mean loss of the prior's β (best α and intercept)
	Status    string   `json:"status"`
	AtZero    []string `json:"at_zero,omitempty"` // features the sign constraint holds at 0
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

// FitWeights learns β from labelled candidates with gonum optimize (L-BFGS),
// shrunk towards the analysts' prior and monotone where the sign is known:
//
//	minimise  (1/N) Σ_i log(1 + exp(−y_i z_i))  +  (λ/2) ‖β − β_prior‖²
//	β_k = s_k · softplus(u_k),  s_k = sign of the prior's β_k (risk −, others +)
//
// over u and a scale α = exp(a). For the pairwise loss (default) every positive p
// of a query is paired with up to Options.Negatives negatives q of the same query,
// z = α β·(x_p − x_q), y = +1: a RankNet loss on the order within a query, which
// is what a ranking is judged by. For the logistic loss z = b + α β·x_i with y_i
// = ±1 and an intercept b. The scale α absorbs the loss's scale, so the penalty
// pulls the direction and balance of β to the prior without forcing a small
// product; softplus keeps each β_k on the side of 0 its meaning demands (a
// feature pushed against its sign ends near 0, listed in AtZero). The result is
// prior with the new Beta, Version + 1 and a Note naming the fit.
func FitWeights(examples []Example, prior chainmatch.Weights, opt FitOptions) (chainmatch.Weights, FitReport, error) {
	nf := len(chainmatch.Features)
	if opt.Lambda <= 0 {
		opt.Lambda = 1
	}
	if opt.Loss == "" {
		opt.Loss = "pairwise"
	}
	if opt.Negatives <= 0 {
		opt.Negatives = 200
	}
	rep := FitReport{Loss: opt.Loss, Lambda: opt.Lambda, Examples: len(examples)}
	fe := chainmatch.FieldErrors{}
	if opt.Loss != "pairwise" && opt.Loss != "logistic" {
		fe.Add("loss", "pairwise or logistic")
	}
	queries := map[int][2][]int{} // query → positives, negatives
	for i, e := range examples {
		if len(e.X) != nf {
			fe.Add(fmt.Sprintf("examples[%d].x", i), fmt.Sprintf("has %d features, want %d", len(e.X), nf))
			continue
		}
		pn := queries[e.Query]
		if e.Positive {
			rep.Positives++
			pn[0] = append(pn[0], i)
		} else {
			pn[1] = append(pn[1], i)
		}
		queries[e.Query] = pn
	}
	rep.Queries = len(queries)
	if err := fe.Err(); err != nil {
		return prior, rep, fmt.Errorf("fit weights: %w", err)
	}
	// rows of the loss: d (a difference or a vector) and y.
	var d [][]float64
	var y []float64
	if opt.Loss == "pairwise" {
		qs := make([]int, 0, len(queries))
		for q := range queries {
			qs = append(qs, q)
		}
		sort.Ints(qs)
		for _, q := range qs {
			pn := queries[q]
			neg := pn[1]
			step := max(1, len(neg)/opt.Negatives)
			for _, p := range pn[0] {
				for k := 0; k < len(neg); k += step {
					v := make([]float64, nf)
					for j := range v {
						v[j] = examples[p].X[j] - examples[neg[k]].X[j]
					}
					d, y = append(d, v), append(y, 1)
				}
			}
		}
		rep.Pairs = len(d)
	} else {
		for _, e := range examples {
			d = append(d, e.X)
			if e.Positive {
				y = append(y, 1)
			} else {
				y = append(y, -1)
			}
		}
	}
	if rep.Positives == 0 || len(d) == 0 || opt.Loss == "logistic" && rep.Positives == len(examples) {
		return prior, rep, fmt.Errorf("fit weights: %w", chainmatch.FieldErrors{
			"examples": "need positives and, in the same queries, negatives"})
	}
	sign := make([]float64, nf)
	b0 := make([]float64, nf)
	for j, f := range chainmatch.Features {
		b0[j] = prior.Beta[f]
		sign[j] = 1
		if b0[j] < 0 || b0[j] == 0 && f == chainmatch.FeatureRisk {
			sign[j] = -1
		}
	}
	icpt := opt.Loss == "logistic"
	// theta = (a, b, u_1..u_nf); b stays 0 for the pairwise loss.
	beta := func(theta []float64, dst []float64) {
		for j := range dst {
			dst[j] = sign[j] * softplus(theta[2+j])
		}
	}
	n := float64(len(d))
	data := func(theta []float64, grad []float64) float64 {
		bt := make([]float64, nf)
		beta(theta, bt)
		alpha := math.Exp(theta[0])
		gb := make([]float64, nf) // d loss / d β
		var l, ga, gi float64
		for i, v := range d {
			s := 0.0
			for j := range v {
				s += bt[j] * v[j]
			}
			m := y[i] * (theta[1] + alpha*s)
			if m > 0 {
				l += math.Log1p(math.Exp(-m))
			} else {
				l += -m + math.Log1p(math.Exp(m))
			}
			if grad != nil {
				g := -y[i] / (1 + math.Exp(m)) / n // d/dz
				gi += g
				ga += g * alpha * s
				for j := range v {
					gb[j] += g * alpha * v[j]
				}
			}
		}
		if grad != nil {
			grad[0] = ga
			if icpt {
				grad[1] = gi
			} else {
				grad[1] = 0
			}
			for j := range gb {
				grad[2+j] = gb[j]
			}
		}
		return l / n
	}
	objective := optimize.Problem{
		Func: func(theta []float64) float64 {
			v := data(theta, nil)
			bt := make([]float64, nf)
			beta(theta, bt)
			for j := range bt {
				v += opt.Lambda / 2 * (bt[j] - b0[j]) * (bt[j] - b0[j])
			}
			return v
		},
		Grad: func(grad, theta []float64) {
			data(theta, grad)
			for j := 0; j < nf; j++ {
				bj := sign[j] * softplus(theta[2+j])
				// d penalty/d u = λ (β − β0) · dβ/du, d loss/d u = d loss/d β · dβ/du
				grad[2+j] = (grad[2+j] + opt.Lambda*(bj-b0[j])) * sign[j] * sigmoid(theta[2+j])
			}
		},
	}
	start := make([]float64, 2+nf)
	for j := range b0 {
		start[2+j] = invSoftplus(math.Max(math.Abs(b0[j]), 1e-3))
	}
	settings := &optimize.Settings{GradientThreshold: 1e-7,
		Converger: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 50}}
	res, err := optimize.Minimize(objective, start, settings, &optimize.LBFGS{})
	if err != nil && res == nil {
		return prior, rep, fmt.Errorf("fit weights: %w", err)
	}
	rep.Status = res.Status.String()
	rep.Scale = math.Exp(res.X[0])
	rep.Intercept = res.X[1]
	rep.Fit = data(res.X, nil)
	// The prior's loss with its best scale (and intercept): β fixed at the prior.
	fixed := func(ab []float64) []float64 {
		th := make([]float64, 2+nf)
		th[0], th[1] = ab[0], 0
		if icpt {
			th[1] = ab[1]
		}
		for j := range b0 {
			th[2+j] = invSoftplus(math.Max(math.Abs(b0[j]), 1e-12))
		}
		return th
	}
	if pr, perr := optimize.Minimize(optimize.Problem{Func: func(ab []float64) float64 {
		return data(fixed(ab), nil)
	}}, []float64{0, 0}, nil, &optimize.NelderMead{}); perr == nil || pr != nil {
		rep.PriorFit = pr.F
	}
	out := prior
	out.Beta = make(map[string]float64, nf)
	bt := make([]float64, nf)
	beta(res.X, bt)
	for j, f := range chainmatch.Features {
		v := bt[j]
		if math.Abs(v) < 1e-4 {
			v = 0
			rep.AtZero = append(rep.AtZero, f)
		}
		out.Beta[f] = math.Round(v*1e6) / 1e6
	}
	out.Version = prior.Version + 1
	out.Note = fmt.Sprintf("%s fit (L-BFGS) on %d queries, %d examples, %d positive, shrunk to %s v%d with λ=%g",
		opt.Loss, rep.Queries, rep.Examples, rep.Positives, prior.Name, prior.Version, opt.Lambda)
	return out, rep, nil
}

// softplus(u) = log(1 + e^u), computed stably; sigmoid is its derivative.
func softplus(u float64) float64 {
	if u > 30 {
		return u
	}
	return math.Log1p(math.Exp(u))
}

func sigmoid(u float64) float64 { return 1 / (1 + math.Exp(-u)) }

// invSoftplus(v) = log(e^v − 1) for v > 0.
func invSoftplus(v float64) float64 {
	if v > 30 {
		return v
	}
	return math.Log(math.Expm1(v))
}
