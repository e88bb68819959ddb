package match

import (
	"fmt"
	"time"

	"github.com/chainmatch/chainmatch"
)

// DefaultWeights is the global default profile ("default", version 1).
//
// Beta (features, each in [0, 1], see features.go): gap_fit 0.35 (what to recruit
// comes first), quality 0.20, ties 0.15 (a channel makes a visit possible), growth
// 0.10, intent 0.10, proximity 0.10, risk −0.20 (a 失信 record loses as much as a
// perfect quality gains). A perfect candidate without risk scores 1.0.
//
// Gap (node priority parts, normalised by their sum, see Gaps): gap 0.40
// (importance × absence: 补链), feasibility 0.20, emphasis 0.20 (the county's
// positioning), importance 0.10 (强链), absence 0.10.
func DefaultWeights() chainmatch.Weights {
	return chainmatch.Weights{
		Name:      "default",
		Version:   1,
		Author:    "chainmatch",
		CreatedAt: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
		Beta: map[string]float64{
			chainmatch.FeatureGapFit:    0.35,
			chainmatch.FeatureQuality:   0.20,
			chainmatch.FeatureGrowth:    0.10,
			chainmatch.FeatureIntent:    0.10,
			chainmatch.FeatureProximity: 0.10,
			chainmatch.FeatureTies:      0.15,
			chainmatch.FeatureRisk:      -0.20,
		},
		Gap: map[string]float64{
			PartGap:         0.40,
			PartAbsence:     0.10,
			PartImportance:  0.10,
			PartFeasibility: 0.20,
			PartEmphasis:    0.20,
		},
		Note: "documented defaults; tune with AHP and the sandbox",
	}
}

// ValidateWeights checks w as chainmatch.Weights.Validate does and, in addition,
// that every gap weight names a gap part (GapParts) and that they do not all vanish.
// Errors are field errors wrapping chainmatch.ErrInvalid.
func ValidateWeights(w *chainmatch.Weights) error {
	fe := chainmatch.FieldErrors{}
	if err := w.Validate(); err != nil {
		if f := chainmatch.Fields(err); f != nil {
			for k, v := range f {
				fe.Add(k, v)
			}
		} else {
			return err
		}
	}
	var sum float64
	for k, v := range w.Gap {
		known := false
		for _, part := range GapParts {
			known = known || part == k
		}
		if !known {
			fe.Add("gap."+k, "unknown gap part")
		}
		sum += v
	}
	if len(w.Gap) > 0 && sum <= 0 {
		fe.Add("gap", "at least one gap weight must be positive")
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("weights %q: %w", w.Name, err)
	}
	return nil
}
