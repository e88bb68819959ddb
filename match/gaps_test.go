package match

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
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
	if g.LocalTotal != 4 || g.Located["county_code"] != 4 {
		t.Fatalf("local total = %d located %v, want 4 by county code", g.LocalTotal, g.Located)
	}
	if g.FeasibilityUsed || g.NotUsedWhy == nil {
		t.Errorf("20 records cannot support relatedness density, yet it is used")
	}
	// 20 enterprises; battery 4, motor 5, controller 3, vehicle 4 nationally. Zhejiang
	// (33) and Lishui (331100) hold the same 7: Jinyun's 4 and Liandu's 3 (battery,
	// motor, vehicle one each).
	const a = shrinkA
	tests := []struct {
		node                 string
		local, nat, province int // county, national and provincial (= city) counts
	}{
		{"battery", 2, 4, 3},
		{"motor", 1, 5, 2},
		{"controller", 0, 3, 0},
		{"vehicle", 1, 4, 2},
	}
	for k, tc := range tests {
		t.Run(tc.node, func(t *testing.T) {
			n := g.Nodes[k]
			sn := float64(tc.nat) / 20
			rhoP := (float64(tc.province) + a) / (7*sn + a)
			rhoK := (float64(tc.province) + a) / (7*sn + a/rhoP)
			lq := (float64(tc.local) + a) / (4*sn + a/rhoK)
			lambda := 4 * sn / (4*sn + a/rhoK)
			if n.ID != tc.node || n.LocalCount != tc.local {
				t.Fatalf("got %s local %d, want %s %d", n.ID, n.LocalCount, tc.node, tc.local)
			}
			if math.Abs(n.LocalWeight-lambda) > 1e-12 || n.PriorFrom != "city" || math.Abs(n.PriorLQ-rhoK) > 1e-12 {
				t.Errorf("local weight %v prior %s %v, want %v city %v", n.LocalWeight, n.PriorFrom, n.PriorLQ, lambda, rhoK)
			}
			abs, m := 0.0, 0.0
			if tc.local == 0 && lambda <= .5 {
				// No record at the node, and Jinyun's 4 carry too little weight to say it is absent.
				if n.Evidence != EvidenceNone || n.LQ != nil || n.Absence != nil {
					t.Fatalf("evidence %s lq %v absence %v, want no local data", n.Evidence, n.LQ, n.Absence)
				}
			} else {
				if n.Evidence != EvidenceRecords || n.LQ == nil || math.Abs(*n.LQ-lq) > 1e-12 {
					t.Fatalf("evidence %s lq %v, want local_records %v", n.Evidence, n.LQ, lq)
				}
				if want := math.Min(1, lq); *n.Presence != want || *n.Absence != 1-want {
					t.Errorf("presence %v absence %v, want %v", *n.Presence, *n.Absence, want)
				}
				abs, m = 1-math.Min(1, lq), math.Max(0, 2*lambda-1)
			}
			// priority = (m(.4 imp·abs + .1 abs) + .1 imp + .2 emph) / (m·.5 + .3)
			want := (m*(.4*n.Importance*abs+.1*abs) + .1*n.Importance + .2*n.Emphasis) / (m*.5 + .3)
			if math.Abs(n.Priority-want) > 1e-12 {
				t.Errorf("priority %v, want %v", n.Priority, want)
			}
			var sum float64
			for _, v := range n.Parts {
				sum += v
			}
			if math.Abs(sum-n.Priority) > 1e-12 {
				t.Errorf("parts sum %v != priority %v", sum, n.Priority)
			}
			if n.Feasibility != nil || !slices.Contains(n.NotUsed, chainmatch.GapPartFeasibility) {
				t.Errorf("feasibility %v not_used %v: density should be reported as not used", n.Feasibility, n.NotUsed)
			}
		})
	}
	// The vehicle is the hub of the star graph.
	if g.Nodes[3].Importance != 1 || g.Nodes[3].ImportanceSource != "pagerank" {
		t.Errorf("vehicle importance %v (%s), want 1 from pagerank", g.Nodes[3].Importance, g.Nodes[3].ImportanceSource)
	}
	if g.Nodes[1].Emphasis != 1 {
		t.Errorf("motor emphasis %v, want 1 from positioning", g.Nodes[1].Emphasis)
	}
	b, _ := json.Marshal(g)
	var shape struct {
		County     string           `json:"county"`
		Chain      string           `json:"chain"`
		LocalTotal *int             `json:"local_total"`
		Nodes      []map[string]any `json:"nodes"`
	}
	if err := json.Unmarshal(b, &shape); err != nil || shape.County != "331122" || shape.Chain != "ev" || shape.LocalTotal == nil {
		t.Fatalf("json shape: %s", b)
	}
	for _, k := range []string{"id", "name", "name_en", "stage", "priority", "parts", "local_count", "lq", "presence",
		"absence", "feasibility", "importance", "emphasis", "evidence", "evidence_zh", "evidence_en", "local_weight", "local_base"} {
		if _, ok := shape.Nodes[0][k]; !ok {
			t.Errorf("node json lacks %q", k)
		}
	}
	if lb := g.Nodes[0].LocalBase; len(lb) != 2 || lb[0].Name != "企业j1" || lb[0].Located != "county_code" {
		t.Errorf("battery local base %+v, want j1 and j2 by county code", lb)
	}
}

// A county without a single local record gets "no local data" at every node: no
// LQ, no presence, no absence, and a priority of importance and emphasis alone.
func TestGapsNoLocalData(t *testing.T) {
	songyang := chainmatch.County{Code: "331124", Name: "松阳县", City: "331100", CityName: "丽水市",
		Province: "33", ProvinceName: "浙江省", Lat: 28.45, Lon: 119.48,
		Positioning: []chainmatch.Positioning{{Chain: "ev", Weight: 1, Emphasis: map[string]float64{"controller": 1}}}}
	p := NewPool([]chainmatch.Chain{evChain()}, append(testCounties(), songyang))
	for i, e := range []*chainmatch.Enterprise{
		ent("j1", "331122", nil, "battery"), ent("g1", "440106", nil, "motor"), ent("s1", "320505", nil, "controller"),
	} {
		if err := p.Add(uint32(i+1), e); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	g, err := p.Gaps(&songyang, "ev", nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.LocalTotal != 0 {
		t.Fatalf("local total %d", g.LocalTotal)
	}
	b, _ := json.Marshal(g)
	var raw struct {
		Nodes []map[string]any `json:"nodes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for k, n := range g.Nodes {
		if n.Evidence != EvidenceNone || n.EvidenceZH != "无本地数据" || n.EvidenceEN != "no local data" {
			t.Errorf("%s: evidence %q %q %q", n.ID, n.Evidence, n.EvidenceZH, n.EvidenceEN)
		}
		if n.Absence != nil || n.Presence != nil || n.LQ != nil || raw.Nodes[k]["absence"] != nil {
			t.Errorf("%s: absence %v presence %v lq %v claimed without local data", n.ID, n.Absence, n.Presence, n.LQ)
		}
		want := (.1*n.Importance + .2*n.Emphasis) / .3
		if math.Abs(n.Priority-want) > 1e-12 || n.Parts[chainmatch.GapPartGap] != 0 || n.Parts[chainmatch.GapPartAbsence] != 0 {
			t.Errorf("%s: priority %v parts %v, want %v from importance and emphasis", n.ID, n.Priority, n.Parts, want)
		}
		if !slices.Contains(n.NotUsed, chainmatch.GapPartGap) || !slices.Contains(n.NotUsed, chainmatch.GapPartAbsence) {
			t.Errorf("%s: not_used %v lacks gap and absence", n.ID, n.NotUsed)
		}
	}
	// The explanation says so too.
	res, err := Rank(p, Request{County: &songyang, Chain: ptr(evChain()), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range res.Targets {
		if r := tg.Reasons[0].ZH; !strings.Contains(r, "无本地数据") {
			t.Errorf("%s: gap reason %q does not say there is no local data", tg.Enterprise.Name, r)
		}
	}
}

// One firm added to a county that has records moves a node's priority by at most
// (B/(B+D) + 2B·s_n/D) · min(1, ρ_k/a) (see Pool.Gaps), to first order; the test
// allows the first-order bound evaluated at the larger of the two priors.
func TestGapsOneFirmBounded(t *testing.T) {
	chains := []chainmatch.Chain{evChain()}
	counties := testCounties()
	var worst float64
	defer func() { t.Logf("largest shift %.4f", worst) }()
	for _, seed := range []uint64{1, 2, 3, 4} {
		base := synthPool(t, 400, chains, counties, seed)
		for _, node := range []string{"battery", "motor", "controller", "vehicle"} {
			extra := ent("new", "331122", nil, node)
			more := synthPool(t, 400, chains, counties, seed, extra)
			g0, _ := base.Gaps(county(t, "331122"), "ev", nil)
			g1, _ := more.Gaps(county(t, "331122"), "ev", nil)
			k := nodeIndex(&chains[0], node)
			n0, n1 := g0.Nodes[k], g1.Nodes[k]
			if n1.LocalCount != n0.LocalCount+1 {
				t.Fatalf("seed %d %s: local count %d → %d", seed, node, n0.LocalCount, n1.LocalCount)
			}
			const B, D = .5, .3
			rho := math.Max(n0.PriorLQ, n1.PriorLQ)
			sn := math.Max(n0.NationalShare, n1.NationalShare)
			bound := (B/(B+D) + 2*B*sn/D) * math.Min(1, rho/shrinkA)
			if d := math.Abs(n1.Priority - n0.Priority); d > bound {
				t.Errorf("seed %d %s: priority %.4f → %.4f moved %.4f > bound %.4f", seed, node, n0.Priority, n1.Priority, d, bound)
			}
			worst = math.Max(worst, math.Abs(n1.Priority-n0.Priority))
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
