package match

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestGapsLocationQuotient(t *testing.T) {
	p := smallPool(t)
	jinyun := county(t, "331122")
	w := DefaultWeights()
	g, err := p.Gaps(jinyun, "ev", &w)
	if err != nil {
		t.Fatal(err)
	}
	if g.LocalTotal != 4 {
		t.Fatalf("local total = %d, want 4", g.LocalTotal)
	}
	// 20 enterprises; battery 4, motor 5, controller 3, vehicle 4 nationally.
	tests := []struct {
		node  string
		local int
		lq    float64
	}{
		{"battery", 2, (2.0 / 4) / (4.0 / 20)},
		{"motor", 1, (1.0 / 4) / (5.0 / 20)},
		{"controller", 0, 0},
		{"vehicle", 1, (1.0 / 4) / (4.0 / 20)},
	}
	for k, tc := range tests {
		t.Run(tc.node, func(t *testing.T) {
			n := g.Nodes[k]
			if n.ID != tc.node || n.LocalCount != tc.local || math.Abs(n.LQ-tc.lq) > 1e-12 {
				t.Fatalf("got %s local %d lq %v, want %s %d %v", n.ID, n.LocalCount, n.LQ, tc.node, tc.local, tc.lq)
			}
			if want := math.Min(1, tc.lq); n.Presence != want || n.Absence != 1-want {
				t.Errorf("presence %v absence %v, want %v", n.Presence, n.Absence, want)
			}
			var sum float64
			for _, v := range n.Parts {
				sum += v
			}
			if math.Abs(sum-n.Priority) > 1e-12 {
				t.Errorf("parts sum %v != priority %v", sum, n.Priority)
			}
		})
	}
	// The controller is absent and central-ish; the vehicle is the hub of the star graph.
	if g.Nodes[3].Importance != 1 || g.Nodes[3].ImportanceSource != "pagerank" {
		t.Errorf("vehicle importance %v (%s), want 1 from pagerank", g.Nodes[3].Importance, g.Nodes[3].ImportanceSource)
	}
	if g.Nodes[1].Emphasis != 1 {
		t.Errorf("motor emphasis %v, want 1 from positioning", g.Nodes[1].Emphasis)
	}
	if g.Nodes[2].Priority <= g.Nodes[0].Priority {
		t.Errorf("absent controller priority %v should exceed present battery %v", g.Nodes[2].Priority, g.Nodes[0].Priority)
	}
	b, _ := json.Marshal(g)
	var shape struct {
		County string           `json:"county"`
		Chain  string           `json:"chain"`
		Nodes  []map[string]any `json:"nodes"`
	}
	if err := json.Unmarshal(b, &shape); err != nil || shape.County != "331122" || shape.Chain != "ev" {
		t.Fatalf("json shape: %s", b)
	}
	for _, k := range []string{"id", "name", "name_en", "stage", "priority", "parts", "local_count", "lq", "presence", "absence", "feasibility", "importance", "emphasis"} {
		if _, ok := shape.Nodes[0][k]; !ok {
			t.Errorf("node json lacks %q", k)
		}
	}
}

func TestGapsPlatformCountsSeatCounty(t *testing.T) {
	p := smallPool(t)
	g, err := p.Gaps(county(t, "331100-edz"), "ev", nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.County != "331100-edz" || g.LocalTotal != 3 {
		t.Fatalf("platform local total %d, want the seat county's 3", g.LocalTotal)
	}
	if g.Nodes[2].LocalCount != 0 || g.Nodes[0].LocalCount != 1 {
		t.Errorf("local counts %+v", g.Nodes)
	}
}

func TestGapsErrors(t *testing.T) {
	p := smallPool(t)
	if _, err := p.Gaps(county(t, "331122"), "nope", nil); !errors.Is(err, chainmatch.ErrNotFound) {
		t.Errorf("unknown chain: %v", err)
	}
	if _, err := p.Gaps(nil, "ev", nil); !errors.Is(err, chainmatch.ErrInvalid) {
		t.Errorf("nil county: %v", err)
	}
}

func TestRelatednessDensity(t *testing.T) {
	// Three counties, three nodes. Counties 0 and 1 both specialise in nodes 0 and 1,
	// so φ01 = 1; county 2 specialises in node 0 only, so node 1 is feasible there.
	cn := []int32{
		5, 5, 0,
		5, 5, 0,
		5, 0, 5,
	}
	ct := []int32{10, 10, 10}
	nt := []int32{15, 10, 5}
	d := relatednessDensity(cn, ct, nt, 30, 3, 3)
	// M: LQ c0n0 = (5/10)/(15/30) = 1 → 1; c0n1 = .5/(1/3) = 1.5 → 1; c2n2 = .5/(1/6) = 3.
	// Ubiquity: n0 3, n1 2, n2 1. φ01 = 2/3, φ02 = 1/3, φ12 = 0.
	// density c2 n1 = (M20 φ01 + M22 φ21) / (φ01 + φ21) = (2/3) / (2/3) = 1.
	if got := d[2*3+1]; math.Abs(float64(got)-1) > 1e-6 {
		t.Errorf("density c2 n1 = %v, want 1", got)
	}
	// density c0 n2 = (M00 φ02 + M01 φ12) / (φ02 + φ12) = (1/3)/(1/3) = 1.
	if got := d[0*3+2]; math.Abs(float64(got)-1) > 1e-6 {
		t.Errorf("density c0 n2 = %v, want 1", got)
	}
	// density c2 n0 = (M21 φ10 + M22 φ20) / (φ10 + φ20) = (0 + 1/3)/(2/3 + 1/3) = 1/3.
	if got := d[2*3+0]; math.Abs(float64(got)-1.0/3) > 1e-6 {
		t.Errorf("density c2 n0 = %v, want 1/3", got)
	}
}
