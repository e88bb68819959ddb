package match

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestRankTalents(t *testing.T) {
	p := smallPool(t)
	tp := NewTalentPool([]chainmatch.Chain{evChain(), otherChain()}, testCounties())
	tag := func(node string) []chainmatch.NodeTag {
		return []chainmatch.NodeTag{{Chain: "ev", Node: node, Confidence: 1}}
	}
	talents := []*chainmatch.Talent{
		{ID: "t1", Name: "张教授", Degree: "博士", Title: "教授", Location: "440106", Hometown: "331122",
			Honours: []string{"国家级人才计划"}, Patents: ptr(20), NodeTags: tag("controller")},
		{ID: "t2", Name: "Li", Degree: "PhD", Location: "IT", NodeTags: tag("controller")},
		{ID: "t3", Name: "王工", Degree: "学士", Title: "工程师", Location: "320505", NodeTags: tag("controller")},
		{ID: "t4", Name: "无名", NodeTags: tag("battery")},
		{ID: "t5", Name: "医药", Degree: "博士", NodeTags: []chainmatch.NodeTag{{Chain: "pharma", Node: "api", Confidence: 1}}},
	}
	for i, tl := range talents {
		if err := tp.Add(uint32(i+1), tl); err != nil {
			t.Fatal(err)
		}
	}
	tp.Freeze()
	ch := evChain()
	res, err := Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Talents: tp})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 4 {
		t.Fatalf("targets %d, want the 4 ev talents", len(res.Targets))
	}
	top := res.Targets[0]
	if top.Talent.ID != "t1" {
		t.Errorf("top talent %s, want t1 (native professor at a gap node)", top.Talent.ID)
	}
	if top.Channel == nil || top.Channel.Type != chainmatch.Chamber {
		t.Errorf("t1 channel %+v, want the Guangzhou chamber", top.Channel)
	}
	for _, tg := range res.Targets {
		var s float64
		for _, v := range tg.Contributions {
			s += v
		}
		if math.Abs(s-tg.Score) > 1e-9 {
			t.Errorf("%s: contributions %v != score %v", tg.Talent.ID, s, tg.Score)
		}
		if tg.NodeConfidence <= 0 || tg.NodeConfidence > 1 {
			t.Errorf("%s: node confidence %v", tg.Talent.ID, tg.NodeConfidence)
		}
		if tg.Talent.ID == "t2" && tg.Channel.Type != chainmatch.OverseasAssoc {
			t.Errorf("abroad talent channel %+v", tg.Channel)
		}
		if tg.Talent.ID == "t4" && len(tg.Unknown) == 0 {
			t.Errorf("t4 has no data but no unknowns")
		}
		if len(tg.Contributions) != len(chainmatch.Features) {
			t.Errorf("%s: contributions %v, want every feature as for enterprises", tg.Talent.ID, tg.Contributions)
		}
	}
	// The same request checks as for enterprises: a negative limit is a field
	// error (the old copy panicked), a node filter applies.
	if _, err := Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Talents: tp, Limit: -1}); !errors.Is(err, chainmatch.ErrInvalid) {
		t.Errorf("negative limit: %v", err)
	}
	bat, err := Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Talents: tp, Node: "battery"})
	if err != nil || len(bat.Targets) != 1 || bat.Targets[0].Talent.ID != "t4" || bat.Counts.OtherNode != 3 {
		t.Errorf("node filter: %+v %v", bat, err)
	}
	one, err := Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Talents: tp, Limit: 1})
	if err != nil || len(one.Targets) != 1 || one.Targets[0].Talent.ID != "t1" {
		t.Errorf("limit 1: %+v %v", one, err)
	}
}

// TestTalentTiesByName: talents with the same evidence tie, are flagged tied and
// come in the same order whichever was imported first.
func TestTalentTiesByName(t *testing.T) {
	p := smallPool(t)
	ch := evChain()
	order := func(names ...string) []string {
		tp := NewTalentPool([]chainmatch.Chain{ch}, testCounties())
		for i, n := range names {
			tl := &chainmatch.Talent{ID: n, Name: n, Degree: "博士", Location: "320505",
				NodeTags: []chainmatch.NodeTag{{Chain: "ev", Node: "controller", Confidence: 1}}}
			if err := tp.Add(uint32(i+1), tl); err != nil {
				t.Fatal(err)
			}
		}
		tp.Freeze()
		res, err := Rank(p, Request{County: county(t, "331122"), Chain: &ch, Now: testNow, Talents: tp})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, tg := range res.Targets {
			if len(tg.Flags) != 1 || tg.Flags[0].Code != chainmatch.FlagTied {
				t.Errorf("%s flags %+v, want tied", tg.Talent.ID, tg.Flags)
			}
			ids = append(ids, tg.Talent.ID)
		}
		return ids
	}
	names := []string{"甲", "乙", "丙", "丁", "戊"}
	fwd := order(names...)
	slices.Reverse(names)
	if bwd := order(names...); !slices.Equal(fwd, bwd) {
		t.Errorf("tied talents in import order: %v, reversed %v", fwd, bwd)
	}
}
