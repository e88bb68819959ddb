package server

import (
	"context"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// TestFeatures holds GET /api/v1/features to its homes: the feature table in its
// order, every gap part of chainmatch.GapParts with a label, every tag and status.
func TestFeatures(t *testing.T) {
	ts := newTestServer(t, nil)
	w := req{method: "GET", path: "/api/v1/features", token: ts.admin}.do(t, ts)
	if w.Code != 200 {
		t.Fatalf("features %d %s", w.Code, w.Body)
	}
	got := decodeBody[featuresBody](t, w)
	if len(got.Features) != len(chainmatch.Features) {
		t.Fatalf("%d features, want %d", len(got.Features), len(chainmatch.Features))
	}
	for i, f := range got.Features {
		if f.ID != chainmatch.Features[i] || f.Label == "" || f.LabelEN == "" {
			t.Errorf("feature %d: %+v", i, f)
		}
	}
	if len(got.GapParts) != len(chainmatch.GapParts) {
		t.Fatalf("%d gap parts, want %d", len(got.GapParts), len(chainmatch.GapParts))
	}
	for i, p := range got.GapParts {
		// LabelOf repeats an unknown id: a part without a label of its own shows as its id.
		if p.ID != chainmatch.GapParts[i] || p.ZH == p.ID || p.EN == "" {
			t.Errorf("gap part %d: %+v", i, p)
		}
	}
	for _, tc := range []struct {
		name   string
		labels []chainmatch.CodeLabel
		ids    []string
	}{
		{"tags", got.Tags, tagIDs()},
		{"statuses", got.Statuses, statusIDs()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.labels) != len(tc.ids) {
				t.Fatalf("%d labels for %d codes", len(tc.labels), len(tc.ids))
			}
			for i, l := range tc.labels {
				if l.ID != tc.ids[i] || l.ZH == "" || l.ZH == l.ID || l.EN == "" {
					t.Errorf("%d: %+v", i, l)
				}
			}
		})
	}
	if w := (req{method: "GET", path: "/api/v1/features"}).do(t, ts); w.Code != 401 {
		t.Errorf("features without a token: %d", w.Code)
	}
}

func tagIDs() []string {
	var out []string
	for _, t := range chainmatch.Tags {
		out = append(out, string(t))
	}
	return out
}

func statusIDs() []string {
	var out []string
	for _, s := range chainmatch.Statuses {
		out = append(out, string(s))
	}
	return out
}

// TestSandboxDefaultProfile: the profile GET /api/v1/weights lists as "default" is
// one the sandbox and GET /api/v1/weights/default take, stored or not.
func TestSandboxDefaultProfile(t *testing.T) {
	ts := newTestServer(t, nil)
	w := req{method: "GET", path: "/api/v1/weights/default", token: ts.admin}.do(t, ts)
	if got := decodeBody[chainmatch.Weights](t, w); w.Code != 200 || got.Name != "default" || len(got.Beta) == 0 {
		t.Errorf("GET default: %d %s", w.Code, w.Body)
	}
	w = req{method: "POST", path: "/api/v1/weights/sandbox", token: ts.admin, body: map[string]any{"county": "331122",
		"chain": "short-distance-transport", "limit": 10, "a": map[string]any{"name": "default"},
		"b": map[string]any{"weights": map[string]any{"name": "trial", "beta": map[string]float64{"gap_fit": 1}, "gap": map[string]float64{"gap": 1}}}}}.do(t, ts)
	if w.Code != 200 {
		t.Fatalf("sandbox with a: default: %d %s", w.Code, w.Body)
	}
	sb := decodeBody[struct {
		A struct{ Weights chainmatch.Weights }
	}](t, w)
	if sb.A.Weights.Name != "default" {
		t.Errorf("a is %+v", sb.A.Weights)
	}
	// A stored profile named default wins over the built-in one.
	w = req{method: "POST", path: "/api/v1/weights", token: ts.admin, body: map[string]any{"name": "default",
		"beta": map[string]float64{"quality": 1}, "gap": map[string]float64{"gap": 1}}}.do(t, ts)
	if w.Code != 201 {
		t.Fatalf("save default: %d %s", w.Code, w.Body)
	}
	w = req{method: "GET", path: "/api/v1/weights/default", token: ts.admin}.do(t, ts)
	if got := decodeBody[chainmatch.Weights](t, w); got.Beta["quality"] != 1 || got.Author != testAdmin {
		t.Errorf("stored default: %+v", got)
	}
}

// TestEvalRoute: without a backtest function the route is 503; with one but no
// outcomes recorded it says how to record some (422); bad fields are named.
func TestEvalRoute(t *testing.T) {
	cases := []struct {
		name  string
		eval  EvalFunc
		body  map[string]any
		code  int
		field string
	}{
		{"not enabled", nil, map[string]any{}, 503, ""},
		{"no outcomes", realBacktestUnused, map[string]any{}, 422, "outcomes"},
		{"bad k", realBacktestUnused, map[string]any{"k": 0.5}, 400, "k"},
		{"bad status", realBacktestUnused, map[string]any{"relevant": []string{"won"}}, 422, "relevant[0]"},
		{"unknown profile to compare with", realBacktestUnused, map[string]any{"against": map[string]any{"name": "nosuch"}}, 422, "against.weights_name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, func(d *Deps) { d.Eval = tc.eval })
			w := req{method: "POST", path: "/api/v1/eval", token: ts.admin, body: tc.body}.do(t, ts)
			if w.Code != tc.code {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			if tc.field != "" && decodeBody[errResp](t, w).Error.Fields[tc.field] == "" {
				t.Errorf("no field error %q: %s", tc.field, w.Body)
			}
		})
	}
}

// realBacktestUnused is an EvalFunc these cases never reach (they fail before the
// backtest); the real one is exercised end to end through chainmatch serve.
func realBacktestUnused(_ context.Context, _ []chainmatch.Outcome, _ int, _ []chainmatch.Status, _, _ *chainmatch.Weights) (any, error) {
	panic("eval: reached the backtest")
}
