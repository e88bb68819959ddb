package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/internal/shared"
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
		1:  {ID: "a", Name: "美的集团股份有限公司"},
		2:  {ID: "b", Name: "深圳市比亚迪股份有限公司", NameEN: "BYD Company Limited"},
		3:  {ID: "c", Name: "富乐德"},
		4:  {ID: "d", Name: "世纪亿康(天津)医疗科技发展有限公司"},
		5:  {ID: "e", Name: "京能电力"},
		6:  {ID: "f", Name: "京能置业"},
		7:  {ID: "g", Name: "立昂微", Ticker: "605358", Exchange: "SSE", Province: "33"},
		8:  {ID: "h", Name: "杭州立昂微电子股份有限公司", Aliases: []string{"立昂微电子"}, Province: "33"},
		9:  {ID: "i", Name: "龙游某某"},
		10: {ID: "j", Name: "上海医药"},
		11: {ID: "k", Name: "南京医药"},
		12: {ID: "l", Name: "广州医药集团有限公司"},
		13: {ID: "m", Name: "山东路桥"},
		14: {ID: "n", Name: "四川路桥"},
		15: {ID: "o", Name: "友好集团"},
		16: {ID: "p", Name: "滨江集团"},
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
		// Several share the core: the place the name gives tells them apart.
		{"上海医药集团股份有限公司", []uint32{10}},
		{"南京医药股份有限公司", []uint32{11}},
		{"医药集团", []uint32{10, 11, 12}},
		{"山东路桥集团股份有限公司", []uint32{13}},
		{"路桥集团", []uint32{13, 14}},
		// A place and 集团 alone are the name: 友好 is 友好区, 滨江 滨江区.
		{"友好集团股份有限公司", []uint32{15}},
		{"杭州滨江集团", []uint32{16}},
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

// TestNameIndexListedRegisteredNames: on the real A-share list, every listed firm
// whose short name begins with a place (上海医药, 山东路桥) is found by a registered
// name made from it, with and without 集团, among all the listed firms (many of
// which share its core: 南京医药, 四川路桥). The name with 集团 is left out where
// another listed firm is named so (北京君正 beside 君正集团: either may be meant).
func TestNameIndexListedRegisteredNames(t *testing.T) {
	rows := shared.CSV(t, "data-candidates", "enterprises", "a-share-stock_basic-2026-03.csv")
	col := map[string]int{}
	for k, h := range rows[0] {
		col[h] = k
	}
	recs := map[uint32]chainmatch.Enterprise{}
	listed := map[string]bool{}
	for k, r := range rows[1:] {
		recs[uint32(k+1)] = chainmatch.Enterprise{ID: r[col["ts_code"]], Name: r[col["name"]]}
		listed[r[col["name"]]] = true
	}
	p, regions := namePool(t, recs)
	x := newNameIndex(p, regions.Counties())
	var tried, wrong int
	for seq, e := range recs {
		if len(x.placesOf(e.Name)) == 0 || strings.ContainsAny(e.Name, "*STU-(退") {
			continue
		}
		for _, group := range []string{"", "集团"} {
			if group != "" && listed[x.coreName(e.Name)+group] {
				continue
			}
			name := e.Name + group + "股份有限公司"
			tried++
			if got := x.resolve(name); !slices.Equal(got, []uint32{seq}) {
				wrong++
				t.Errorf("resolve(%q) = %v, want %d (%s)", name, got, seq, e.Name)
			}
		}
	}
	t.Logf("%d registered names of %d listed firms tried, %d not found as their firm", tried, len(recs), wrong)
	if tried < 200 {
		t.Fatalf("only %d names tried: the list or the places changed", tried)
	}
}
