package engine

import (
	"slices"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/match"
)

// namePool is a frozen pool of the embedded chains and regions holding recs
// under their seqs.
func namePool(t *testing.T, recs map[uint32]chainmatch.Enterprise) (*match.Pool, *datasets.Regions) {
	t.Helper()
	chains, err := datasets.Chains()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := datasets.LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	p := match.NewPool(chains, regions.Counties())
	for seq, e := range recs {
		if err := p.Add(seq, &e); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	return p, regions
}

func TestNameIndexResolve(t *testing.T) {
	p, regions := namePool(t, map[uint32]chainmatch.Enterprise{
		1: {ID: "a", Name: "美的集团股份有限公司"},
		2: {ID: "b", Name: "深圳市比亚迪股份有限公司", NameEN: "BYD Company Limited"},
		3: {ID: "c", Name: "富乐德"},
		4: {ID: "d", Name: "世纪亿康(天津)医疗科技发展有限公司"},
		5: {ID: "e", Name: "京能电力"},
		6: {ID: "f", Name: "京能置业"},
		7: {ID: "g", Name: "立昂微", Ticker: "605358", Exchange: "SSE", Province: "33"},
		8: {ID: "h", Name: "杭州立昂微电子股份有限公司", Aliases: []string{"立昂微电子"}, Province: "33"},
		9: {ID: "i", Name: "龙游某某"},
	})
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
		{"立昂", []uint32{7}},    // one firm's two records (twins) are one answer
		{"立昂微电子", []uint32{8}},
		{"海康威视", nil},
		// Province, city and county stacked before the trade name.
		{"浙江龙游某某新材料有限公司", []uint32{9}},
		{"浙江省衢州市龙游县某某机械有限公司", []uint32{9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := x.resolve(tt.name); !slices.Equal(got, tt.want) {
				t.Fatalf("resolve(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestOnePerFirm: a signer named by its listed short name is measured at the
// rank of its registered twin, which holds the firm among the candidates.
func TestOnePerFirm(t *testing.T) {
	p, _ := namePool(t, map[uint32]chainmatch.Enterprise{
		1: {ID: "a", Name: "立昂微", Ticker: "605358", Exchange: "SSE", Province: "33"},
		2: {ID: "b", Name: "杭州立昂微电子股份有限公司", Aliases: []string{"立昂微电子"}, Province: "33"},
		3: {ID: "c", Name: "士兰微", Ticker: "600460", Exchange: "SSE", Province: "33"},
	})
	rel, of := onePerFirm(p, map[uint32]bool{1: true, 3: true}, []uint32{2, 3})
	if !rel[2] || !rel[3] || rel[1] || len(rel) != 2 || of[2] != 1 || len(of) != 1 {
		t.Errorf("relevant %v (for %v), want 2 (for 1) and 3", rel, of)
	}
	// Where the listed record is itself a candidate, it stays.
	if rel, _ := onePerFirm(p, map[uint32]bool{1: true}, []uint32{1, 3}); !rel[1] || len(rel) != 1 {
		t.Errorf("relevant %v, want 1", rel)
	}
}
