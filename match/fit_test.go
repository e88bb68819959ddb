package match

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// Synthetic outcomes in which ties drive success: the fit moves weight to ties and
// lowers the log-loss below the prior's; a strong penalty keeps the prior.
func TestFitWeights(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var ex []Example
	for i := 0; i < 2000; i++ {
		x := make([]float64, len(chainmatch.Features))
		for j := range x {
			x[j] = r.Float64()
		}
		z := -3 + 6*x[fTies] // ties drive outcomes
		ex = append(ex, Example{X: x, Positive: r.Float64() < 1/(1+math.Exp(-z))})
	}
	prior := DefaultWeights()
	w, rep, err := FitWeights(ex, prior, 0.001)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Loss >= rep.PriorLoss {
		t.Errorf("fit loss %v not below prior loss %v", rep.Loss, rep.PriorLoss)
	}
	share := func(w chainmatch.Weights) float64 {
		var s float64
		for _, v := range w.Beta {
			s += math.Abs(v)
		}
		return w.Beta[chainmatch.FeatureTies] / s
	}
	if share(w) <= 2*share(prior) {
		t.Errorf("ties share %v, prior %v: the fit did not follow the data", share(w), share(prior))
	}
	if w.Version != prior.Version+1 || w.Beta[chainmatch.FeatureRisk] > 0 {
		t.Errorf("fitted weights %+v", w)
	}
	strong, _, err := FitWeights(ex, prior, 1e6)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range chainmatch.Features {
		if math.Abs(strong.Beta[f]-prior.Beta[f]) > 0.01 {
			t.Errorf("λ=1e6: %s = %v, want the prior's %v", f, strong.Beta[f], prior.Beta[f])
		}
	}
	if _, _, err := FitWeights(ex[:1], prior, 1); !errors.Is(err, chainmatch.ErrInvalid) {
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
