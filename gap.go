package chainmatch

// Gap part names: the keys of Weights.Gap and of a node's gap parts. A node's
// priority is Σ_p w_p·part_p / Σ_p w_p over these parts.
const (
	GapPartGap         = "gap"         // importance × absence: the chain gap proper (补链)
	GapPartAbsence     = "absence"     // 1 − presence
	GapPartImportance  = "importance"  // the node's weight in the chain (强链)
	GapPartFeasibility = "feasibility" // relatedness density
	GapPartEmphasis    = "emphasis"    // the county's positioning emphasis on the node
)

// GapParts lists the gap parts in a fixed order (that of GapPartLabels).
var GapParts = []string{GapPartGap, GapPartAbsence, GapPartImportance, GapPartFeasibility, GapPartEmphasis}

// ValidGapPart reports whether p names a gap part.
func ValidGapPart(p string) bool {
	for _, k := range GapParts {
		if k == p {
			return true
		}
	}
	return false
}
