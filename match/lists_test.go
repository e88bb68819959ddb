package match

import (
	"errors"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func tagged(id string, score float64, tags ...chainmatch.Tag) chainmatch.Target {
	return chainmatch.Target{Enterprise: &chainmatch.EnterpriseSummary{ID: id, Tags: tags}, Score: score}
}

func TestApplyQuotas(t *testing.T) {
	ranked := []chainmatch.Target{
		tagged("a", 9), tagged("b", 8), tagged("c", 7, chainmatch.TagForeignFunded),
		tagged("d", 6), tagged("e", 5, chainmatch.TagForeignFunded, chainmatch.TagLeader), tagged("f", 4, chainmatch.TagLeader),
	}
	got, short, err := ApplyQuotas(ranked, 4, []Quota{{chainmatch.TagForeignFunded, 2}, {chainmatch.TagLeader, 2}})
	if err != nil {
		t.Fatal(err)
	}
	var ids string
	for _, tg := range got {
		ids += tg.Enterprise.ID
	}
	// c, e for foreign-funded; e already counts as a leader, f makes two; then a.
	if ids != "acef" || got[0].Rank != 1 || got[3].Rank != 4 || len(short) != 0 {
		t.Errorf("picked %s %v", ids, short)
	}
	_, short, _ = ApplyQuotas(ranked, 5, []Quota{{chainmatch.TagListed, 1}})
	if short[chainmatch.TagListed] != 1 {
		t.Errorf("shortfall %v", short)
	}
	if _, _, err := ApplyQuotas(ranked, 2, []Quota{{chainmatch.TagLeader, 3}}); !errors.Is(err, chainmatch.ErrInvalid) {
		t.Errorf("over-full quotas: %v", err)
	}
}

func TestDislocate(t *testing.T) {
	a := []chainmatch.Target{tagged("x", .9), tagged("y", .5), tagged("z", .4)}
	b := []chainmatch.Target{tagged("y", .7), tagged("x", .6), tagged("w", .3)}
	out := Dislocate([]string{"331122", "331124"}, [][]chainmatch.Target{a, b}, nil)
	ids := func(l []chainmatch.Target) (s string) {
		for _, t := range l {
			s += t.Enterprise.ID
		}
		return s
	}
	if ids(out[0]) != "xz" || ids(out[1]) != "yw" || out[1][1].Rank != 2 {
		t.Errorf("dislocated %s / %s", ids(out[0]), ids(out[1]))
	}
	kept := Dislocate([]string{"331122", "331124"}, [][]chainmatch.Target{a, b}, map[string]bool{"331124": true})
	if ids(kept[1]) != "yxw" || ids(kept[0]) != "xyz" {
		t.Errorf("keep: %s / %s", ids(kept[0]), ids(kept[1]))
	}
}
