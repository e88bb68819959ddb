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
		17: {ID: "q", Name: "三花智控"},
		18: {ID: "r", Name: "浙江东方"},
		19: {ID: "s", Name: "东方通信"},
		20: {ID: "t", Name: "天龙股份"},
		21: {ID: "u", Name: "天龙集团"},
		22: {ID: "v", Name: "新疆交建"},
		23: {ID: "w", Name: "交建股份", Province: "34"},
		24: {ID: "x", Name: "卧龙电驱"},
		25: {ID: "y", Name: "东方电气"},
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
		// Several share the core without the place: the form that keeps it
		// matches longest.
		{"上海医药集团股份有限公司", []uint32{10}},
		{"南京医药股份有限公司", []uint32{11}},
		{"医药集团", []uint32{10, 11, 12}},
		{"山东路桥集团股份有限公司", []uint32{13}},
		{"路桥集团", []uint32{13, 14}},
		// A place and 集团 alone are the name: 友好 is 友好区, 滨江 滨江区.
		{"友好集团股份有限公司", []uint32{15}},
		{"杭州滨江集团", []uint32{16}},
		// The longest match wins: a short name that abbreviates (三花智控, 卧龙电驱,
		// not 东方电气 by 电气), a form equal to the name's over one that ends
		// before it (东方通信, not 浙江东方) or goes on beyond it (天龙, not 天龙集团).
		{"浙江三花智能控制股份有限公司", []uint32{17}},
		{"卧龙电气驱动集团股份有限公司", []uint32{24}},
		{"浙江东方通信股份有限公司", []uint32{19}},
		{"浙江天龙股份有限公司", []uint32{20}},
		// Not a firm of another province: 交建股份 is in 安徽 (34), 新疆交建 is not.
		{"安徽交建股份有限公司", []uint32{23}},
		{"交建股份有限公司", []uint32{22, 23}},
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
// is found, among all the others, by registered names made from its short name:
// with 股份有限公司 (天能股份 as 天能股份有限公司), with its area before it
// (浙江华海药业股份有限公司), and where it begins with a place with 集团 too
// (上海医药集团股份有限公司, beside 南京医药 and 浙江医药). Names that more than one
// firm may bear are left out (the caller reports those): one that is several
// firms' own (凤凰股份有限公司: 上海凤凰, 安徽凤凰, 凤凰股份), one that ends in
// another firm's (北京君正集团: 君正集团), one whose core another firm of the same
// area shares (山东华泰: 华泰股份 and 阳谷华泰), and one that NameCore reads as
// a place (上海市北高新: 上海市).
func TestNameIndexListedRegisteredNames(t *testing.T) {
	rows := shared.CSV(t, "data-candidates", "enterprises", "a-share-stock_basic-2026-03.csv")
	col := map[string]int{}
	for k, h := range rows[0] {
		col[h] = k
	}
	recs := map[uint32]chainmatch.Enterprise{}
	area := map[uint32]string{}
	for k, r := range rows[1:] {
		if r[col["status"]] == "L" {
			recs[uint32(k+1)] = chainmatch.Enterprise{ID: r[col["ts_code"]], Name: r[col["name"]]}
			area[uint32(k+1)] = strings.Replace(r[col["area"]], "内蒙", "内蒙古", 1) // the list's 内蒙 is 内蒙古
		}
	}
	p, regions := namePool(t, recs)
	x := newNameIndex(p, regions.Counties())
	ambiguous := func(name string, seq uint32) bool {
		f := x.coreForms(name)
		if len(x.oneEach(x.core[f[0]])) > 1 {
			return true
		}
		last := f[len(f)-1]
		return slices.ContainsFunc(x.core[last], func(s uint32) bool {
			return s != seq && (area[s] == area[seq] || x.coreForms(recs[s].Name)[0] == last)
		})
	}
	var tried, wrong int
	for seq, e := range recs {
		if strings.HasPrefix(e.Name, "ST") || strings.HasPrefix(e.Name, "*ST") || strings.Contains(e.Name, "-") {
			continue // ST, *ST, -U, -W, -WD: marks of risk and listing a registered name lacks
		}
		base := strings.TrimSuffix(e.Name, "股份")
		names := []string{base + "股份有限公司"}
		if a := area[seq]; a != "" && !strings.HasPrefix(base, a) && !strings.HasPrefix(base, "市") && !strings.HasPrefix(base, "省") {
			names = append(names, a+base+"股份有限公司")
		}
		if len(x.placesOf(e.Name)) > 0 {
			names = append(names, base+"集团股份有限公司")
		}
		for _, name := range names {
			if ambiguous(name, seq) {
				continue
			}
			tried++
			if got := x.resolve(name); !slices.Equal(got, []uint32{seq}) {
				wrong++
				var gotNames []string
				for _, g := range got {
					gotNames = append(gotNames, recs[g].Name)
				}
				t.Errorf("resolve(%q) = %v, want %s", name, gotNames, e.Name)
			}
		}
	}
	t.Logf("%d registered names of %d listed firms tried, %d not found as their firm", tried, len(recs), wrong)
	if tried < 5000 {
		t.Fatalf("only %d names tried: the list or the places changed", tried)
	}
}
