package match

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"

	"github.com/chainmatch/chainmatch"
)

// AHPResult is the outcome of an AHP pairwise comparison.
type AHPResult struct {
	Weights    []float64 `json:"weights"` // principal eigenvector, summing to 1
	LambdaMax  float64   `json:"lambda_max"`
	CI         float64   `json:"ci"`
	CR         float64   `json:"cr"`
	Consistent bool      `json:"consistent"`
}

// randomIndex is Saaty's random consistency index RI(n) for n = 1..10
// (design.md §3; Saaty 1980, The Analytic Hierarchy Process, table 1.7).
var randomIndex = [...]float64{0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}

// reciprocalTol is how far a_ij·a_ji may stray from 1: judgments such as 1/3 are
// often typed as 0.33.
const reciprocalTol = 0.02

// AHP derives weights from a pairwise comparison matrix A (a_ij: how much more
// criterion i matters than j, Saaty's 1–9 scale): the weights are the principal
// right eigenvector of A (gonum mat.Eigen), scaled to sum to 1;
// CI = (λmax − n)/(n − 1), CR = CI/RI(n) (0 when RI(n) is 0, i.e. n ≤ 2), and the
// judgments are consistent when CR < 0.10. A must be square, 1 ≤ n ≤ 10, with
// positive finite entries, a unit diagonal and a_ij·a_ji = 1 within 0.02; a
// violation is a field error ("matrix", "matrix[i]" or "matrix[i][j]") wrapping
// chainmatch.ErrInvalid.
func AHP(matrix [][]float64) (AHPResult, error) {
	n := len(matrix)
	fe := chainmatch.FieldErrors{}
	switch {
	case n == 0:
		fe.Add("matrix", "empty")
	case n > len(randomIndex):
		fe.Add("matrix", fmt.Sprintf("%d criteria; at most %d", n, len(randomIndex)))
	}
	for i, row := range matrix {
		if len(row) != n {
			fe.Add(fmt.Sprintf("matrix[%d]", i), fmt.Sprintf("has %d entries, want %d (square)", len(row), n))
			continue
		}
		for j, v := range row {
			p := fmt.Sprintf("matrix[%d][%d]", i, j)
			switch {
			case math.IsNaN(v) || math.IsInf(v, 0) || v <= 0:
				fe.Add(p, "must be positive and finite")
			case i == j && math.Abs(v-1) > 1e-9:
				fe.Add(p, "diagonal must be 1")
			case j < len(matrix) && j < i && len(matrix[j]) == n && math.Abs(v*matrix[j][i]-1) > reciprocalTol:
				fe.Add(p, fmt.Sprintf("not reciprocal: a[%d][%d]·a[%d][%d] = %.4g", i, j, j, i, v*matrix[j][i]))
			}
		}
	}
	if err := fe.Err(); err != nil {
		return AHPResult{}, fmt.Errorf("ahp: %w", err)
	}
	if n == 1 {
		return AHPResult{Weights: []float64{1}, LambdaMax: 1, Consistent: true}, nil
	}
	a := mat.NewDense(n, n, nil)
	for i, row := range matrix {
		a.SetRow(i, row)
	}
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenRight) {
		return AHPResult{}, fmt.Errorf("ahp: eigen decomposition failed: %w", chainmatch.ErrInvalid)
	}
	vals := eig.Values(nil)
	k := 0
	for i, v := range vals {
		if real(v) > real(vals[k]) {
			k = i
		}
	}
	var vecs mat.CDense
	eig.VectorsTo(&vecs)
	w := make([]float64, n)
	var sum float64
	for i := range w {
		// The Perron vector is real and of one sign; take magnitudes to drop the
		// arbitrary sign and rounding noise in the imaginary part.
		w[i] = cmplx.Abs(vecs.At(i, k))
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	lmax := real(vals[k])
	r := AHPResult{Weights: w, LambdaMax: lmax, CI: (lmax - float64(n)) / float64(n-1)}
	if math.Abs(r.CI) < 1e-12 {
		r.CI = 0
	}
	if ri := randomIndex[n-1]; ri > 0 {
		r.CR = r.CI / ri
	}
	r.Consistent = r.CR < 0.1
	return r, nil
}
