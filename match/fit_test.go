package match

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// synthQueries draws queries of candidates with uniform features; in each, three
// positives are drawn without replacement with probability ∝ exp(T β*·x) — the
// outcomes a known weight vector β* would produce.
func synthQueries(r *rand.Rand, q0, nq, cands int, truth []float64) []Example {
	var ex []Example
	for q := q0; q < q0+nq; q++ {
		base := len(ex)
		w := make([]float64, cands)
		for c := 0; c < cands; c++ {
			x := make([]float64, len(truth))
			s := 0.0
			for j := range x {
				x[j] = r.Float64()
				if j == fRisk && r.Float64() < .8 {
					x[j] = 0 // most records carry no risk
				}
				s += truth[j] * x[j]
			}
			w[c] = math.Exp(8 * s)
			ex = append(ex, Example{X: x, Query: q})
		}
		for k := 0; k < 3; k++ {
			var tot float64
			for c := range w {
				tot += w[c]
			}
			u := r.Float64() * tot
			for c := range w {
				if u -= w[c]; u <= 0 || c == len(w)-1 {
					ex[base+c].Positive, w[c] = true, 0
					break
				}
			}
		}
	}
	return ex
}

// heldOutNDCG ranks each query's candidates by β·x and averages NDCG@k.
func heldOutNDCG(ex []Example, beta []float64, k int) float64 {
	byQ := map[int][]int{}
	for i := range ex {
		byQ[ex[i].Query] = append(byQ[ex[i].Query], i)
	}
	var sum float64
	for _, idx := range byQ {
		score := func(i int) float64 {
			s := 0.0
			for j, v := range ex[i].X {
				s += beta[j] * v
			}
			return s
		}
		sort.SliceStable(idx, func(a, b int) bool { return score(idx[a]) > score(idx[b]) })
		rel := map[int]bool{}
		for _, i := range idx {
			if ex[i].Positive {
				rel[i] = true
			}
		}
		sum += Measure(idx, nil, rel, k).NDCG
	}
	return sum / float64(len(byQ))
}

func betaVec(w chainmatch.Weights) []float64 {
	v := make([]float64, len(chainmatch.Features))
	for j, f := range chainmatch.Features {
		v[j] = w.Beta[f]
	}
	return v
}

func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for j := range a {
		ab, aa, bb = ab+a[j]*b[j], aa+a[j]*a[j], bb+b[j]*b[j]
	}
	return ab / math.Sqrt(aa*bb)
}

// A fit on outcomes drawn from a known β* recovers its direction, and ranks
// held-out queries better than the prior it started from; a strong pull keeps
// the prior; signs hold.
func TestFitWeightsRecovers(t *testing.T) {
	truth := make([]float64, len(chainmatch.Features))
	truth[fGap], truth[fText], truth[fQuality], truth[fGrowth] = .40, .05, .30, 0
	truth[fIntent], truth[fProximity], truth[fTies], truth[fRisk] = .25, .10, .20, -.30
	r := rand.New(rand.NewPCG(5, 6))
	train := synthQueries(r, 0, 80, 150, truth)
	test := synthQueries(r, 1000, 60, 150, truth)
	prior := DefaultWeights()
	for _, loss := range []string{"pairwise", "logistic"} {
		t.Run(loss, func(t *testing.T) {
			w, rep, err := FitWeights(train, prior, FitOptions{Lambda: 0.01, Loss: loss})
			if err != nil {
				t.Fatal(err)
			}
			fit := betaVec(w)
			cp, cf := cosine(betaVec(prior), truth), cosine(fit, truth)
			before, after, ceiling := heldOutNDCG(test, betaVec(prior), 10), heldOutNDCG(test, fit, 10), heldOutNDCG(test, truth, 10)
			t.Logf("%s: cos(β, β*) prior %.3f → fit %.3f; held-out NDCG@10 prior %.4f → fit %.4f (β* itself %.4f); loss %.4f → %.4f; %s; β=%v",
				loss, cp, cf, before, after, ceiling, rep.PriorFit, rep.Fit, rep.Status, fit)
			if cf < 0.95 || cf <= cp {
				t.Errorf("cos(fit, truth) = %.3f (prior %.3f): the fit did not recover β*", cf, cp)
			}
			if after <= before {
				t.Errorf("held-out NDCG %v not above the prior's %v", after, before)
			}
			if rep.Fit > rep.PriorFit {
				t.Errorf("fit loss %v above the prior's %v", rep.Fit, rep.PriorFit)
			}
			if w.Beta[chainmatch.FeatureRisk] > 0 || w.Version != prior.Version+1 {
				t.Errorf("fitted weights %+v", w)
			}
			for _, f := range chainmatch.Features {
				if f != chainmatch.FeatureRisk && w.Beta[f] < 0 {
					t.Errorf("%s = %v: sign not kept", f, w.Beta[f])
				}
			}
		})
	}
	strong, _, err := FitWeights(train, prior, FitOptions{Lambda: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range chainmatch.Features {
		if math.Abs(strong.Beta[f]-prior.Beta[f]) > 0.01 {
			t.Errorf("λ=1e6: %s = %v, want the prior's %v", f, strong.Beta[f], prior.Beta[f])
		}
	}
	if _, _, err := FitWeights(train[:1], prior, FitOptions{}); !errors.Is(err, chainmatch.ErrInvalid) {
		t.Errorf("one example: %v", err)
	}
}

func TestFeatureRows(t *testing.T) {
	p := smallPool(t)
	ch := evChain()
	rows, err := FeatureRows(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 12 {
		t.Fatalf("rows %d, want 12", len(rows))
	}
	if x := rows[7]; x[fRisk] != 1 { // g3 is dishonest: risk 1
		t.Errorf("g3 features %v", x)
	}
}
