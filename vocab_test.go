package chainmatch

import (
	"errors"
	"testing"
)

func TestCanTransition(t *testing.T) {
	cases := []struct {
		name     string
		from, to Status
		ok       bool
	}{
		{"next step", StatusCandidate, StatusContacted, true},
		{"skip forward", StatusCandidate, StatusVisited, true},
		{"to landed", StatusSigned, StatusLanded, true},
		{"backward", StatusVisited, StatusContacted, false},
		{"drop", StatusNegotiating, StatusDropped, true},
		{"reopen", StatusDropped, StatusCandidate, true},
		{"dropped forward", StatusDropped, StatusSigned, false},
		{"landed is final", StatusLanded, StatusDropped, false},
		{"same", StatusVisited, StatusVisited, false},
		{"unknown", StatusCandidate, "won", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CanTransition(c.from, c.to); got != c.ok {
				t.Errorf("CanTransition(%s, %s) = %v, want %v", c.from, c.to, got, c.ok)
			}
		})
	}
}

func TestWeightsValidate(t *testing.T) {
	good := func() Weights {
		return Weights{Name: "w", Beta: map[string]float64{FeatureGapFit: 1},
			Gap: map[string]float64{GapPartGap: 1, GapPartEmphasis: 0}}
	}
	cases := []struct {
		name  string
		edit  func(w *Weights)
		field string // "" when valid
	}{
		{"valid", func(w *Weights) {}, ""},
		{"no name", func(w *Weights) { w.Name = "" }, "name"},
		{"unknown feature", func(w *Weights) { w.Beta["luck"] = 1 }, "beta.luck"},
		{"infinite beta", func(w *Weights) { w.Beta[FeatureQuality] = 1e300 }, "beta.quality"},
		{"no gap weights", func(w *Weights) { w.Gap = nil }, "gap"},
		{"feature as gap part", func(w *Weights) { w.Gap[FeatureGapFit] = 5 }, "gap.gap_fit"},
		{"negative gap weight", func(w *Weights) { w.Gap[GapPartAbsence] = -1 }, "gap.absence"},
		{"all gap weights zero", func(w *Weights) { w.Gap = map[string]float64{GapPartGap: 0} }, "gap"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := good()
			c.edit(&w)
			err := w.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("valid weights: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) || Fields(err)[c.field] == "" {
				t.Errorf("want a field error on %s, got %v", c.field, err)
			}
		})
	}
}

func TestGapPartLabels(t *testing.T) {
	if len(GapPartLabels) != len(GapParts) {
		t.Fatalf("%d labels for %d gap parts", len(GapPartLabels), len(GapParts))
	}
	for i, l := range GapPartLabels {
		if l.ID != GapParts[i] || l.ZH == "" || l.EN == "" {
			t.Errorf("label %d = %+v, want gap part %s with both names", i, l, GapParts[i])
		}
	}
}
