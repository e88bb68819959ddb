package match

import (
	"time"

	"github.com/chainmatch/chainmatch"
)

// DefaultWeights is the global default profile ("default", version 2).
//
// Beta (features, each in [0, 1], see features.go) is the DefaultWeight column of
// chainmatch.FeatureTable: proximity 0.35 (county investment is mostly regional:
// in public news of signings most signers come from the county's own province),
// gap_fit 0.25 (what to recruit), text 0.20 (the candidate's own words name the
// node), quality 0.10, intent 0.10, ties 0.10, growth 0.05 (few real records
// carry these), risk −0.25 (a 失信 or ST record loses more than a perfect quality
// gains). A perfect candidate without risk scores 1.15.
//
// Gap (node priority parts, normalised by their sum, see Gaps): gap 0.40
// (importance × absence: 补链), feasibility 0.20, emphasis 0.20 (the county's
// positioning), importance 0.10 (强链), absence 0.10.
func DefaultWeights() chainmatch.Weights {
	return chainmatch.Weights{
		Name:      "default",
		Version:   2,
		Author:    "chainmatch",
		CreatedAt: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		Beta:      defaultBeta(),
		Gap: map[string]float64{
			chainmatch.GapPartGap:         0.40,
			chainmatch.GapPartAbsence:     0.10,
			chainmatch.GapPartImportance:  0.10,
			chainmatch.GapPartFeasibility: 0.20,
			chainmatch.GapPartEmphasis:    0.20,
		},
		Note: "documented defaults; tune with AHP and the sandbox",
	}
}

func defaultBeta() map[string]float64 {
	b := make(map[string]float64, len(chainmatch.FeatureTable))
	for _, f := range chainmatch.FeatureTable {
		b[f.ID] = f.DefaultWeight
	}
	return b
}
