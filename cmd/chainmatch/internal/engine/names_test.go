package engine

import (
	"slices"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/match"
)

func TestNameIndexResolve(t *testing.T) {
	chains, err := datasets.Chains()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := datasets.LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	p := match.NewPool(chains, regions.Counties())
	for seq, e := range map[uint32]chainmatch.Enterprise{
		1: {ID: "a", Name: "美的集团股份有限公司"},
		2: {ID: "b", Name: "深圳市比亚迪股份有限公司", NameEN: "BYD Company Limited"},
		3: {ID: "c", Name: "富乐德"},
		4: {ID: "d", Name: "世纪亿康(天津)医疗科技发展有限公司"},
		5: {ID: "e", Name: "京能电力"},
		6: {ID: "f", Name: "京能置业"},
	} {
		if err := p.Add(seq, &e); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	x := newNameIndex(p, regions.Counties())
	tests := []struct {
		name string
		want []uint32
	}{
		{"美的集团股份有限公司", []uint32{1}},
		{"美的集团", []uint32{1}},
		{"美的", []uint32{1}},
		{"比亚迪", []uint32{2}},
		{"byd company limited", []uint32{2}},
		{"比亚迪股份有限公司", []uint32{2}},
		{"安徽富乐德科技发展股份有限公司", []uint32{3}},
		{"世纪亿康医疗科技发展有限公司", []uint32{4}},
		{"京能", []uint32{5, 6}}, // ambiguous: the caller reports it
		{"海康威视", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := x.resolve(tt.name); !slices.Equal(got, tt.want) {
				t.Fatalf("resolve(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}
