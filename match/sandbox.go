package match

import (
	"math"

	"github.com/chainmatch/chainmatch"
)

// Move is one candidate's change between two rankings; From and To are 1-based
// ranks in the top N, 0 when outside it.
type Move struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// Comparison says how the top N of ranking b differs from that of ranking a.
type Comparison struct {
	N       int    `json:"n"`
	Entered []Move `json:"entered"` // in b's top N, not in a's
	Left    []Move `json:"left"`    // in a's top N, not in b's
	Moved   []Move `json:"moved"`   // in both, at another rank
	Stayed  int    `json:"stayed"`  // in both at the same rank
	// KendallTau is Kendall's τ-b between a and b over the union of their top N.
	KendallTau float64 `json:"kendall_tau"`
	Union      int     `json:"union"`
}

func targetKey(t *chainmatch.Target) (id, name string) {
	switch {
	case t.Enterprise != nil:
		return t.Enterprise.ID, t.Enterprise.Name
	case t.Talent != nil:
		return "talent:" + t.Talent.ID, t.Talent.Name
	}
	return "", ""
}

// Compare compares two rankings of the same query (e.g. under two weight
// profiles): who enters, leaves and moves in the top n (n ≤ 0: all), and Kendall's
// τ-b over the union U of both top-n sets. Each item of U is ranked in each list by
// its position in the whole list; items absent from a list share one tied rank after
// its last item (τ-b's tie correction accounts for them). τ = 1 for identical orders,
// −1 for reversed ones; it is 1 when U has fewer than two items or no untied pair.
func Compare(a, b []chainmatch.Target, n int) Comparison {
	if n <= 0 {
		n = max(len(a), len(b))
	}
	posA, posB := map[string]int{}, map[string]int{}
	names := map[string]string{}
	for i := range a {
		id, name := targetKey(&a[i])
		if _, dup := posA[id]; !dup {
			posA[id] = i + 1
		}
		names[id] = name
	}
	for i := range b {
		id, name := targetKey(&b[i])
		if _, dup := posB[id]; !dup {
			posB[id] = i + 1
		}
		names[id] = name
	}
	c := Comparison{N: n, Entered: []Move{}, Left: []Move{}, Moved: []Move{}}
	var union []string
	inUnion := map[string]bool{}
	for i := 0; i < min(n, len(a)); i++ {
		id, _ := targetKey(&a[i])
		if !inUnion[id] {
			inUnion[id] = true
			union = append(union, id)
		}
		to := posB[id]
		if to > n {
			to = 0
		}
		switch {
		case to == 0:
			c.Left = append(c.Left, Move{ID: id, Name: names[id], From: i + 1})
		case to != i+1:
			c.Moved = append(c.Moved, Move{ID: id, Name: names[id], From: i + 1, To: to})
		default:
			c.Stayed++
		}
	}
	for i := 0; i < min(n, len(b)); i++ {
		id, _ := targetKey(&b[i])
		if !inUnion[id] {
			inUnion[id] = true
			union = append(union, id)
		}
		if from := posA[id]; from == 0 || from > n {
			c.Entered = append(c.Entered, Move{ID: id, Name: names[id], To: i + 1})
		}
	}
	c.Union = len(union)
	ra, rb := make([]float64, len(union)), make([]float64, len(union))
	for k, id := range union {
		ra[k], rb[k] = rankOr(posA, id, len(a)+1), rankOr(posB, id, len(b)+1)
	}
	c.KendallTau = kendallTauB(ra, rb)
	return c
}

func rankOr(pos map[string]int, id string, missing int) float64 {
	if p, ok := pos[id]; ok {
		return float64(p)
	}
	return float64(missing)
}

// kendallTauB is Kendall's τ-b of two paired samples:
// (C − D) / √((n0 − n1)(n0 − n2)) with C, D the concordant and discordant pairs,
// n0 = n(n−1)/2 and n1, n2 the pairs tied in x and in y. It is 1 when either sample
// has no untied pair. O(n²): meant for top-N comparisons.
func kendallTauB(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("match: kendallTauB of unequal lengths")
	}
	var conc, disc, tx, ty, n0 float64
	for i := 0; i < len(x); i++ {
		for j := i + 1; j < len(x); j++ {
			n0++
			dx, dy := x[i]-x[j], y[i]-y[j]
			switch {
			case dx == 0 && dy == 0:
				tx++
				ty++
			case dx == 0:
				tx++
			case dy == 0:
				ty++
			case (dx > 0) == (dy > 0):
				conc++
			default:
				disc++
			}
		}
	}
	d := math.Sqrt((n0 - tx) * (n0 - ty))
	if d == 0 {
		return 1
	}
	return (conc - disc) / d
}
