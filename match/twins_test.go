package match

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestTwinKey(t *testing.T) {
	for _, c := range []struct {
		e    chainmatch.Enterprise
		want string
	}{
		{chainmatch.Enterprise{Name: "立昂微", Ticker: "605358"}, "立昂微"},
		{chainmatch.Enterprise{Name: "泽璟制药-U", Ticker: "688266"}, "泽璟制药"},
		{chainmatch.Enterprise{Name: "云从科技-UW", Ticker: "688327"}, "云从科技"},
		{chainmatch.Enterprise{Name: "*ST 某某", Ticker: "600000"}, ""},
		{chainmatch.Enterprise{Name: "ST某某", Ticker: "600001"}, ""},
		{chainmatch.Enterprise{Name: "某某退", Ticker: "600002"}, ""},
		// The place-less alias the reader gives a registered name.
		{chainmatch.Enterprise{Name: "杭州立昂微电子股份有限公司", Aliases: []string{"立昂微电子"}}, "立昂微电子"},
		{chainmatch.Enterprise{Name: "深圳市明微电子股份有限公司"}, "明微电子"},
		{chainmatch.Enterprise{Name: "泰凌微电子（上海）股份有限公司"}, "泰凌微电子"},
		{chainmatch.Enterprise{Name: "澜起科技股份有限公司"}, "澜起科技"},
		// Not a joint-stock company: a subsidiary or a private firm.
		{chainmatch.Enterprise{Name: "杭州立昂东芯微电子有限公司"}, ""},
		{chainmatch.Enterprise{Name: "立昂微"}, ""},
	} {
		if got := twinKey(&c.e); got != c.want {
			t.Errorf("twinKey(%q) = %q, want %q", c.e.Name, got, c.want)
		}
	}
}

// twinPool is a pool of one firm imported twice (a listed short name with a
// label and its registered name with a text) beside look-alikes that must not
// pair, added in the order given.
func twinPool(t *testing.T, order []int) *Pool {
	t.Helper()
	tag := func(node string, conf float64, kind string) chainmatch.NodeTag {
		field := "industry"
		if kind == "keyword" {
			field = "scope"
		}
		return chainmatch.NodeTag{Chain: "ev", Node: node, Confidence: conf,
			Evidence: []chainmatch.Evidence{{Field: field, Match: node, Kind: kind}}}
	}
	recs := []*chainmatch.Enterprise{
		// 0, 1: the firm. The listed record brings its tag (listed) and its
		// label's confidence at the node the registered record's scope names;
		// the label's other node is no longer the firm's.
		{ID: "a", Name: "立昂动力", Ticker: "605999", Exchange: "SSE", Province: "33", Tags: []chainmatch.Tag{chainmatch.TagListed},
			NodeTags: []chainmatch.NodeTag{tag("motor", .95, "label"), tag("controller", .5, "label")}},
		{ID: "b", Name: "杭州立昂动力电机股份有限公司", Aliases: []string{"立昂动力电机"}, Province: "33", City: "330100",
			NodeTags: []chainmatch.NodeTag{tag("motor", .9, "keyword")}},
		// 2, 3: one short name, two registered names: ambiguous, neither pairs.
		{ID: "c", Name: "东芯电池", Ticker: "688998", Exchange: "SSE", Province: "32", NodeTags: []chainmatch.NodeTag{tag("battery", .6, "label")}},
		{ID: "d", Name: "苏州东芯电池科技股份有限公司", Aliases: []string{"东芯电池科技"}, Province: "32", NodeTags: []chainmatch.NodeTag{tag("battery", .9, "keyword")}},
		{ID: "e", Name: "无锡东芯电池材料股份有限公司", Aliases: []string{"东芯电池材料"}, Province: "32", NodeTags: []chainmatch.NodeTag{tag("battery", .9, "keyword")}},
		// 5, 6: the same core in another province is another firm.
		{ID: "f", Name: "华控电子", Ticker: "300999", Exchange: "SZSE", Province: "44", NodeTags: []chainmatch.NodeTag{tag("controller", .6, "label")}},
		{ID: "g", Name: "上海华控电子股份有限公司", Province: "31", NodeTags: []chainmatch.NodeTag{tag("controller", .9, "keyword")}},
		// 7, 8: a subsidiary (not a joint-stock company) is another firm.
		{ID: "h", Name: "远航整车", Ticker: "601999", Exchange: "SSE", Province: "31", NodeTags: []chainmatch.NodeTag{tag("vehicle", .6, "label")}},
		{ID: "i", Name: "上海远航整车销售有限公司", Province: "31", NodeTags: []chainmatch.NodeTag{tag("vehicle", .9, "keyword")}},
		// 9, 10: a firm whose registered record names no node in its own words:
		// the listed record's label places it.
		{ID: "j", Name: "星辰电控", Ticker: "688997", Exchange: "SSE", Province: "44", NodeTags: []chainmatch.NodeTag{tag("controller", .6, "label")}},
		{ID: "k", Name: "深圳市星辰电控系统股份有限公司", Province: "44", NodeTags: []chainmatch.NodeTag{tag("vehicle", .3, "label")}},
	}
	p := NewPool([]chainmatch.Chain{evChain()}, testCounties())
	for _, k := range order {
		if err := p.Add(uint32(k+1), recs[k]); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	return p
}

func TestTwinsPairOneFirm(t *testing.T) {
	forward := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, order := range [][]int{forward, {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, {4, 10, 1, 6, 0, 8, 2, 9, 7, 3, 5}} {
		p := twinPool(t, order)
		// Seqs are record positions + 1 whatever the order.
		if tw, ok := p.Twin(1); !ok || tw != 2 {
			t.Errorf("order %v: twin of the listed record = %d, %v; want 2", order, tw, ok)
		}
		if tw, ok := p.Twin(2); !ok || tw != 1 {
			t.Errorf("order %v: twin of the registered record = %d, %v; want 1", order, tw, ok)
		}
		for s := uint32(3); s <= 9; s++ {
			if tw, ok := p.Twin(s); ok {
				t.Errorf("order %v: record %d paired with %d", order, s, tw)
			}
		}
		if tw, ok := p.Twin(10); !ok || tw != 11 {
			t.Errorf("order %v: twin of record 10 = %d, %v; want 11", order, tw, ok)
		}
	}

	p := twinPool(t, forward)
	ch := evChain()
	res, err := Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var firm *chainmatch.Target
	for k := range res.Targets {
		switch res.Targets[k].Enterprise.ID {
		case "a":
			t.Errorf("the listed record is ranked beside its registered twin")
		case "b":
			firm = &res.Targets[k]
		}
	}
	if firm == nil {
		t.Fatal("the firm is not ranked")
	}
	if !slices.ContainsFunc(firm.Flags, func(f chainmatch.Flag) bool { return f.Code == chainmatch.FlagSameFirm }) {
		t.Errorf("flags %+v lack %s", firm.Flags, chainmatch.FlagSameFirm)
	}
	if !slices.Contains(firm.Enterprise.Tags, chainmatch.TagListed) {
		t.Errorf("the firm's tags %v lack the listed record's", firm.Enterprise.Tags)
	}
	if firm.Contributions[chainmatch.FeatureQuality] <= 0 {
		t.Errorf("the listed tag of the short name's record does not count: %+v", firm.Contributions)
	}
	if firm.Node != "motor" || firm.NodeConfidence != .95 || !strings.Contains(firm.Reasons[0].EN, "0.95") || !strings.Contains(firm.Reasons[0].EN, "scope") {
		t.Errorf("the firm's placement %s, %q: want motor at the label's 0.95, quoting the registered record's scope", firm.Node, firm.Reasons[0].EN)
	}
	if res.Counts.Candidates != 9 {
		t.Errorf("candidates %d, want 9 (eleven records, two firms twice)", res.Counts.Candidates)
	}
	seqs := CandidateSeqs(p, "331122", "ev", false)
	if slices.Contains(seqs, 1) || !slices.Contains(seqs, 2) || slices.Contains(seqs, 10) || len(seqs) != 9 {
		t.Errorf("candidate seqs %v: want each firm once, as its registered record", seqs)
	}

	// The registered record's scope names the firm's node, so the listed
	// record's label no longer places it at another; a firm whose registered
	// record names no node is placed by its label.
	res, err = Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Limit: 100, Node: "controller"})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, tg := range res.Targets {
		ids = append(ids, tg.Enterprise.ID)
	}
	if slices.Contains(ids, "b") || slices.Contains(ids, "a") || !slices.Contains(ids, "k") {
		t.Errorf("targets at controller %v: want k (placed by its listed record's label), not a or b", ids)
	}

	// Asked for by its listed record, the firm is ranked as its registered one.
	res, err = Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Limit: 10, Candidates: []uint32{1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sorted(res.Seqs), []uint32{2, 3}) || res.Counts.NotInChain != 0 {
		t.Errorf("candidates 1, 3 rank %v (not in chain %d), want 2 and 3", res.Seqs, res.Counts.NotInChain)
	}
}

func sorted(s []uint32) []uint32 {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestTwinsSurviveSnapshot: a pool read back from its snapshot pairs the same
// records (the twin key is a column; Freeze pairs again).
func TestTwinsSurviveSnapshot(t *testing.T) {
	p := twinPool(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	key := SnapshotKey{Generation: 1, Tagger: "t", Counties: "c"}
	var buf bytes.Buffer
	if err := p.WriteSnapshot(&buf, key); err != nil {
		t.Fatal(err)
	}
	q, err := ReadSnapshot(&buf, key, []chainmatch.Chain{evChain()}, testCounties())
	if err != nil {
		t.Fatal(err)
	}
	for s := uint32(1); s <= 11; s++ {
		a, okA := p.Twin(s)
		b, okB := q.Twin(s)
		if a != b || okA != okB {
			t.Errorf("record %d: twin %d, %v before the snapshot, %d, %v after", s, a, okA, b, okB)
		}
	}
	if _, ok := q.Twin(1); !ok {
		t.Error("the read pool pairs nothing")
	}
}

// A firm imported twice counts once in the national and regional tallies behind
// the gaps' shares and location quotients: as its registered record.
func TestTwinsCountOnce(t *testing.T) {
	p := twinPool(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	ch := evChain()
	node := func(id string) int { return p.nodeBase[0] + nodeIndex(&ch, id) }
	if p.total != 9 {
		t.Errorf("total %d, want 9: eleven records, two firms twice", p.total)
	}
	// motor: the firm once (a's label is b's scope); controller: f and g (a and j
	// are listed twins).
	if m, c := p.nodeTotal[node("motor")], p.nodeTotal[node("controller")]; m != 1 || c != 2 {
		t.Errorf("motor %d, controller %d firms; want 1 and 2", m, c)
	}
	if n := p.region.provTotal[33]; n != 1 {
		t.Errorf("Zhejiang holds %d records, want 1", n)
	}
}

// A profile that names a firm by its listed short name makes the firm local,
// whichever of its two records carries the name: it is no target of its county.
func TestTwinsLocalByShortName(t *testing.T) {
	cs := testCounties()
	cs[0].Enterprises = append(cs[0].Enterprises, chainmatch.ProfileEnterprise{Name: "立昂动力", Role: chainmatch.RoleLocal,
		Chain: "ev", Nodes: []string{"motor"}, Source: &chainmatch.Source{Name: "test profile (synthetic)"}})
	tag := chainmatch.NodeTag{Chain: "ev", Node: "motor", Confidence: .9,
		Evidence: []chainmatch.Evidence{{Field: "scope", Match: "电机", Kind: "keyword"}}}
	p := NewPool([]chainmatch.Chain{evChain()}, cs)
	for i, e := range []*chainmatch.Enterprise{
		{ID: "a", Name: "立昂动力", Ticker: "605999", Exchange: "SSE", Province: "33", NodeTags: []chainmatch.NodeTag{tag}},
		{ID: "b", Name: "杭州立昂动力电机股份有限公司", Aliases: []string{"立昂动力电机"}, Province: "33", City: "330100", NodeTags: []chainmatch.NodeTag{tag}},
		{ID: "c", Name: "宁波某电机有限公司", Province: "33", City: "330200", NodeTags: []chainmatch.NodeTag{tag}},
	} {
		if err := p.Add(uint32(i+1), e); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	if tw, ok := p.Twin(1); !ok || tw != 2 {
		t.Fatalf("the two records are not paired")
	}
	ch := evChain()
	res, err := Rank(p, Request{County: &cs[0], Chain: &ch, Now: testNow, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 1 || res.Targets[0].Enterprise.ID != "c" || res.Counts.Local != 1 {
		t.Errorf("targets %+v, local %d: want only c, the firm local once", res.Targets, res.Counts.Local)
	}
	g, err := p.Gaps(&cs[0], "ev", nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.LocalTotal != 1 {
		t.Errorf("local total %d, want the firm once", g.LocalTotal)
	}
}
