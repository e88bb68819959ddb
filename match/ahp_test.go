package match

import (
	"errors"
	"math"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestAHPPublishedExamples(t *testing.T) {
	tests := []struct {
		name    string
		m       [][]float64
		weights []float64
		lambda  float64
		cr      float64
		tol     float64
		ok      bool
	}{
		{
			// Saaty's light-intensity experiment (T. L. Saaty, "A scaling method for
			// priorities in hierarchical structures", J. Math. Psychology 15 (1977)
			// 234–281; repeated in The Analytic Hierarchy Process, 1980): four chairs
			// judged by relative brightness; published λmax 4.39 and eigenvector, to two
			// places, .61 .24 .10 .05 (we get .619 .235 .101 .045), so CR ≈ 0.14.
			name: "saaty light intensity",
			m: [][]float64{
				{1, 5, 6, 7},
				{1. / 5, 1, 4, 6},
				{1. / 6, 1. / 4, 1, 4},
				{1. / 7, 1. / 6, 1. / 4, 1},
			},
			weights: []float64{.61, .24, .10, .05}, lambda: 4.39, cr: (4.39 - 4) / 3 / 0.90, tol: .01, ok: false,
		},
		{
			// A consistent matrix a_ij = w_i/w_j returns w exactly with λmax = n (Saaty 1977, theorem 1).
			name: "consistent",
			m: [][]float64{
				{1, 2, 4, 8},
				{1. / 2, 1, 2, 4},
				{1. / 4, 1. / 2, 1, 2},
				{1. / 8, 1. / 4, 1. / 2, 1},
			},
			weights: []float64{8. / 15, 4. / 15, 2. / 15, 1. / 15}, lambda: 4, cr: 0, tol: 1e-9, ok: true,
		},
		{
			name:    "two criteria",
			m:       [][]float64{{1, 3}, {1. / 3, 1}},
			weights: []float64{.75, .25}, lambda: 2, cr: 0, tol: 1e-9, ok: true,
		},
		{name: "one criterion", m: [][]float64{{1}}, weights: []float64{1}, lambda: 1, tol: 0, ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := AHP(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.weights {
				if math.Abs(r.Weights[i]-w) > tc.tol {
					t.Errorf("weight %d = %.4f, want %.4f", i, r.Weights[i], w)
				}
			}
			if math.Abs(r.LambdaMax-tc.lambda) > math.Max(tc.tol, 1e-9) {
				t.Errorf("λmax = %.4f, want %.4f", r.LambdaMax, tc.lambda)
			}
			if math.Abs(r.CR-tc.cr) > math.Max(tc.tol, 1e-9) {
				t.Errorf("CR = %.4f, want %.4f", r.CR, tc.cr)
			}
			if r.Consistent != tc.ok {
				t.Errorf("consistent = %v, want %v (CR %.4f)", r.Consistent, tc.ok, r.CR)
			}
		})
	}
}

func TestAHPValidation(t *testing.T) {
	tests := []struct {
		name  string
		m     [][]float64
		field string
	}{
		{"empty", nil, "matrix"},
		{"not square", [][]float64{{1, 2}, {.5}}, "matrix[1]"},
		{"negative", [][]float64{{1, -2}, {.5, 1}}, "matrix[0][1]"},
		{"diagonal", [][]float64{{2, 2}, {.5, 1}}, "matrix[0][0]"},
		{"not reciprocal", [][]float64{{1, 3}, {3, 1}}, "matrix[1][0]"},
		{"too big", func() [][]float64 {
			m := make([][]float64, 11)
			for i := range m {
				m[i] = make([]float64, 11)
				for j := range m[i] {
					m[i][j] = 1
				}
			}
			return m
		}(), "matrix"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AHP(tc.m)
			if !errors.Is(err, chainmatch.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if _, ok := chainmatch.Fields(err)[tc.field]; !ok {
				t.Errorf("fields %v lack %q", chainmatch.Fields(err), tc.field)
			}
		})
	}
	// 0.33 for 1/3 is accepted.
	if _, err := AHP([][]float64{{1, 3}, {0.33, 1}}); err != nil {
		t.Errorf("rounded reciprocal rejected: %v", err)
	}
}

func FuzzAHP(f *testing.F) {
	f.Add(3.0, 5.0, 0.5)
	f.Fuzz(func(t *testing.T, a, b, c float64) {
		m := [][]float64{{1, a, b}, {1 / a, 1, c}, {1 / b, 1 / c, 1}}
		r, err := AHP(m)
		if err != nil {
			return
		}
		var s float64
		for _, w := range r.Weights {
			if w < 0 || math.IsNaN(w) {
				t.Fatalf("weight %v", w)
			}
			s += w
		}
		if math.Abs(s-1) > 1e-9 || r.LambdaMax < 3-1e-9 {
			t.Fatalf("sum %v λ %v", s, r.LambdaMax)
		}
	})
}
