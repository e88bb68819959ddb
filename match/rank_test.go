package match

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func rankSmall(t *testing.T, p *Pool, code string, mut func(*Request)) *Result {
	t.Helper()
	ch := evChain()
	req := Request{County: county(t, code), Chain: &ch, Now: testNow, Limit: 100}
	if mut != nil {
		mut(&req)
	}
	res, err := Rank(p, req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRankSmall(t *testing.T) {
	p := smallPool(t)
	res := rankSmall(t, p, "331122", nil)
	// 16 ev-tagged records, 4 in Jinyun are presence.
	if res.Counts.Candidates != 16 || res.Counts.Local != 4 || res.Counts.Scored != 12 {
		t.Fatalf("counts %+v", res.Counts)
	}
	for k, tg := range res.Targets {
		if tg.Rank != k+1 {
			t.Errorf("rank %d at %d", tg.Rank, k)
		}
		if tg.Enterprise.County == "331122" {
			t.Errorf("local enterprise %s is a target", tg.Enterprise.ID)
		}
		if len(tg.Reasons) == 0 || tg.Reasons[0].ZH == "" || tg.Reasons[0].EN == "" || tg.Channel == nil {
			t.Errorf("target %s lacks reasons or channel", tg.Enterprise.ID)
		}
		if tg.NodeConfidence <= 0 || tg.NodeConfidence > 1 {
			t.Errorf("target %s: node confidence %v", tg.Enterprise.ID, tg.NodeConfidence)
		}
	}
	if len(res.Where) == 0 || res.Where[0].Targets == 0 {
		t.Errorf("where %+v", res.Where)
	}
	var wc int
	for _, w := range res.Where {
		wc += w.Candidates
	}
	if wc != res.Counts.Scored {
		t.Errorf("where counts %d candidates, scored %d", wc, res.Counts.Scored)
	}
	byID := map[string]chainmatch.Target{}
	for _, tg := range res.Targets {
		byID[tg.Enterprise.ID] = tg
	}
	g1 := byID["g1"]
	// Proximity weighs most: the motor maker in the same city leads; outside
	// Lishui the Shanghai motor maker with a branch in Lishui does; in Guangzhou
	// the listed motor leader with an expansion signal outranks the plain one.
	if res.Targets[0].Enterprise.ID != "l2" {
		t.Errorf("top target %s, want the same-city motor maker l2", res.Targets[0].Enterprise.ID)
	}
	for _, tg := range res.Targets {
		if !strings.HasPrefix(tg.Enterprise.County, "3311") {
			if tg.Enterprise.ID != "h1" {
				t.Errorf("first target outside Lishui %s, want the Shanghai motor maker h1 with a branch in Lishui", tg.Enterprise.ID)
			}
			break
		}
	}
	if g1.Rank > byID["g2"].Rank {
		t.Errorf("listed leader g1 at %d below the plain Guangzhou motor maker g2 at %d", g1.Rank, byID["g2"].Rank)
	}
	if g1.Channel.Type != chainmatch.Chamber || g1.Channel.Name != "广州缙云商会" {
		t.Errorf("g1 channel %+v, want the Guangzhou chamber", g1.Channel)
	}
	// Jinyun's 4 records give the motor node a local weight below one half.
	if g1.Reasons[0].ZH != "目标环节（本地记录少，存在度多按所在地区估计）：轮毂电机（优先级"+fmtf(res.Gaps.Nodes[1].Priority)+"，归属置信度1.00），依据经营范围含“motor”" {
		t.Errorf("g1 reason %q", g1.Reasons[0].ZH)
	}
	if s1 := byID["s1"]; s1.Channel.Type != chainmatch.OverseasAssoc {
		t.Errorf("foreign-funded s1 (Italy) channel %+v, want the overseas association in Italy", s1.Channel)
	}
	if h2 := byID["h2"]; h2.Channel.Type != chainmatch.LiaisonStation {
		t.Errorf("Shanghai h2 channel %+v, want the Shanghai liaison station", h2.Channel)
	}
	// g3 is dishonest: its risk contribution is negative and explained.
	g3 := byID["g3"]
	if g3.Contributions[chainmatch.FeatureRisk] >= 0 {
		t.Errorf("g3 risk contribution %v", g3.Contributions[chainmatch.FeatureRisk])
	}
	if !slices.ContainsFunc(g3.Reasons, func(r chainmatch.Reason) bool { return r.Feature == chainmatch.FeatureRisk }) {
		t.Errorf("g3 reasons lack the risk: %+v", g3.Reasons)
	}
	// A record without any quality data has quality unknown, scored at the mean.
	g2 := byID["g2"]
	if !slices.Contains(g2.Unknown, chainmatch.FeatureQuality) {
		t.Errorf("g2 unknown %v, want quality", g2.Unknown)
	}
	if want := res.Weights.Beta[chainmatch.FeatureQuality] * res.Means[chainmatch.FeatureQuality]; math.Abs(g2.Contributions[chainmatch.FeatureQuality]-want) > 1e-12 {
		t.Errorf("unknown quality contributes %v, want β·mean %v", g2.Contributions[chainmatch.FeatureQuality], want)
	}
	// Vehicle-node candidates are linked to Jinyun's local vehicle leader j4.
	if h1 := byID["h1"]; !slices.ContainsFunc(h1.Reasons, func(r chainmatch.Reason) bool { return r.Feature == chainmatch.FeatureTies }) {
		t.Errorf("h1 reasons %+v lack ties (branch in Lishui, leader link)", h1.Reasons)
	}
}

func fmtf(v float64) string { return strconvF(v) }

func TestRankIncludeLocalAndNode(t *testing.T) {
	p := smallPool(t)
	res := rankSmall(t, p, "331122", func(r *Request) { r.IncludeLocal = true; r.Node = "battery" })
	if res.Counts.Local != 0 {
		t.Errorf("local excluded with IncludeLocal")
	}
	for _, tg := range res.Targets {
		if tg.Node != "battery" {
			t.Errorf("%s fills %s, want battery", tg.Enterprise.ID, tg.Node)
		}
	}
	if len(res.Targets) != 4 {
		t.Errorf("battery targets %d, want 4", len(res.Targets))
	}
	// A platform excludes its seat county's enterprises.
	edz := rankSmall(t, p, "331100-edz", nil)
	if edz.Counts.Local != 3 {
		t.Errorf("platform local %d, want 3", edz.Counts.Local)
	}
}

func TestRankCandidates(t *testing.T) {
	p := smallPool(t)
	res := rankSmall(t, p, "331122", func(r *Request) { r.Candidates = []uint32{5, 5, 6, 17, 999} })
	if res.Counts.NotInChain != 2 || res.Counts.Scored != 2 || len(res.Targets) != 2 {
		t.Fatalf("counts %+v", res.Counts)
	}
	if res.Seqs[0] != 5 {
		t.Errorf("seqs %v", res.Seqs)
	}
}

func TestRankErrors(t *testing.T) {
	p := smallPool(t)
	ch := evChain()
	bad := chainmatch.Chain{ID: "zzz"}
	tests := []struct {
		name string
		req  Request
		want error
		f    string
	}{
		{"no county", Request{Chain: &ch, Now: testNow}, chainmatch.ErrInvalid, "county"},
		{"no now", Request{County: county(t, "331122"), Chain: &ch}, chainmatch.ErrInvalid, "now"},
		{"bad node", Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Node: "x"}, chainmatch.ErrInvalid, "node"},
		{"unknown chain", Request{County: county(t, "331122"), Chain: &bad, Now: testNow}, chainmatch.ErrNotFound, ""},
		{"unknown gap part", Request{County: county(t, "331122"), Chain: &ch, Now: testNow,
			Weights: &chainmatch.Weights{Name: "w", Gap: map[string]float64{"nope": 1}}}, chainmatch.ErrInvalid, "gap.nope"},
		{"bad weights", Request{County: county(t, "331122"), Chain: &ch, Now: testNow,
			Weights: &chainmatch.Weights{Name: "w", Beta: map[string]float64{"nope": 1}}}, chainmatch.ErrInvalid, "beta.nope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Rank(p, tc.req)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if tc.f != "" {
				if _, ok := chainmatch.Fields(err)[tc.f]; !ok {
					t.Errorf("field errors %v lack %q", chainmatch.Fields(err), tc.f)
				}
			}
		})
	}
}

// A sparse record (a name, a province and a node tag) is still ranked: its
// location is the province's centre, the rest is unknown and scored at the mean.
func TestRankSparseRecord(t *testing.T) {
	chains := []chainmatch.Chain{evChain(), otherChain()}
	p := NewPool(chains, testCounties())
	full := ent("full", "440106", []chainmatch.Tag{chainmatch.TagListed}, "motor")
	full.RegisteredCapitalWan = ptr(1000.0)
	full.Founded = "2020-01-01"
	full.Signals = []chainmatch.Event{{Type: chainmatch.SignalFinancing, Date: "2026-06-01"}}
	sparse := &chainmatch.Enterprise{ID: "sparse", Name: "某电机公司", Province: "32",
		NodeTags: []chainmatch.NodeTag{{Chain: "ev", Node: "motor", Confidence: .6}}}
	for i, e := range []*chainmatch.Enterprise{full, sparse} {
		if err := p.Add(uint32(i+1), e); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	res := rankSmall(t, p, "331122", nil)
	if len(res.Targets) != 2 {
		t.Fatalf("targets %d", len(res.Targets))
	}
	var sp chainmatch.Target
	for _, tg := range res.Targets {
		if tg.Enterprise.ID == "sparse" {
			sp = tg
		}
	}
	want := []string{chainmatch.FeatureQuality, chainmatch.FeatureGrowth, chainmatch.FeatureIntent}
	if !slices.Equal(sp.Unknown, want) {
		t.Errorf("unknown %v, want %v", sp.Unknown, want)
	}
	if sp.Contributions[chainmatch.FeatureProximity] <= 0 {
		t.Errorf("province-only record has no proximity: %v", sp.Contributions)
	}
	if sp.Enterprise.Province != "32" || sp.Node != "motor" {
		t.Errorf("sparse target %+v", sp.Enterprise)
	}
}

// TestLabelReasonNamesOtherNodes: a firm placed by a broad label alone is a
// spread over the label's nodes; its reason names the other nodes it is about
// as likely to be at (化学制药 is as much APIs as drug formulations), and a firm
// placed by its own words gets no such list.
func TestLabelReasonNamesOtherNodes(t *testing.T) {
	p, ch := taggedPool(t, "biomedicine",
		&chainmatch.Enterprise{ID: "label", Name: "某股份", Industry: "化学制药", Province: "33"},
		&chainmatch.Enterprise{ID: "text", Name: "某科技", Scope: "化学药品制剂制造", Province: "33"})
	var jinyun *chainmatch.County
	for _, c := range realCounties(t) {
		if c.Code == "331122" {
			jinyun = &c
		}
	}
	res, err := Rank(p, Request{County: jinyun, Chain: ch, Now: testNow, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, tgt := range res.Targets {
		zh, en := tgt.Reasons[0].ZH, tgt.Reasons[0].EN
		switch tgt.Enterprise.ID {
		case "label":
			other := "原料药与医药中间体（0.57）"
			if tgt.Node == "api-intermediates" {
				other = "化学药制剂（0.60）"
			}
			if !strings.Contains(zh, "；亦可能在"+other) || !strings.Contains(en, "it may as well be at") {
				t.Errorf("label-only reason %q / %q does not name %s", zh, en, other)
			}
		case "text":
			if strings.Contains(zh, "亦可能在") {
				t.Errorf("text reason %q lists other nodes", zh)
			}
		}
	}
	if len(res.Targets) != 2 {
		t.Errorf("%d targets, want 2", len(res.Targets))
	}
}

// TestTextReasonQuotesOwnWords: the text feature scores a record's own words
// (name, scope, products), never its industry column, so a reason with a text
// score quotes the own words the node was found in, even when the industry
// column names the node too (中国稀土: name 稀土, label 小金属).
func TestTextReasonQuotesOwnWords(t *testing.T) {
	// The second firm's own words relate to the node in the index's eyes (say a
	// contextual word) though the tagger placed it by its industry column alone.
	p, ch := taggedPool(t, "new-materials",
		&chainmatch.Enterprise{ID: "re", Name: "某稀土股份", Industry: "小金属", Province: "36"},
		&chainmatch.Enterprise{ID: "label", Name: "某材料股份", Industry: "小金属", Province: "36"})
	if err := p.SetNodeText("new-materials", "rare-metals", []uint32{1, 2}, []float64{2, 1}); err != nil {
		t.Fatal(err)
	}
	res, err := Rank(p, Request{County: &chainmatch.County{Code: "331123", Name: "遂昌县"}, Chain: ch, Now: testNow, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 2 {
		t.Fatalf("%d targets, want 2", len(res.Targets))
	}
	for _, tgt := range res.Targets {
		zh, en := tgt.Reasons[0].ZH, tgt.Reasons[0].EN
		if tgt.Node != "rare-metals" || strings.Contains(zh, "行业命中") {
			t.Errorf("%s at %s: %q", tgt.Enterprise.ID, tgt.Node, zh)
		}
		switch tgt.Enterprise.ID {
		case "re":
			if !strings.Contains(zh, "企业名称命中：稀土（文本相关度") || !strings.Contains(en, "name names 稀土") {
				t.Errorf("reason %q / %q does not quote the name's 稀土", zh, en)
			}
		case "label":
			if !strings.Contains(zh, "依据行业含“小金属”；自身文本与本环节相关（文本相关度") || !strings.Contains(en, "its own text relates to the node") {
				t.Errorf("reason %q / %q claims the industry column matched the text", zh, en)
			}
		}
	}
}

// taggedPool is a frozen pool of es (seqs 1, 2, ...) tagged on the real chains,
// and the chain with id chain.
func taggedPool(t *testing.T, chain string, es ...*chainmatch.Enterprise) (*Pool, *chainmatch.Chain) {
	t.Helper()
	chains := realChains(t)
	tg := NewTagger(chains)
	p := NewPool(chains, realCounties(t))
	for i, e := range es {
		e.NodeTags = tg.Enterprise(e)
		if err := p.Add(uint32(i+1), e); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	i := slices.IndexFunc(chains, func(c chainmatch.Chain) bool { return c.ID == chain })
	if i < 0 {
		t.Fatalf("no chain %s", chain)
	}
	return p, &chains[i]
}
