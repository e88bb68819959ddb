package chainmatch

import "testing"

// TestMergeNameOrder: the name a merged record keeps does not depend on which
// source came first: a registered name before a short one before a name without
// Chinese, then the fuller, then the first in byte order.
func TestMergeNameOrder(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"比亚迪", "比亚迪股份有限公司", "比亚迪股份有限公司"},
		{"BYD Company Limited", "比亚迪", "比亚迪"},
		{"华星光电", "TCL华星光电", "TCL华星光电"},
		{"甲乙科技", "甲丙科技", "甲丙科技"},
		{"中兴通讯股份有限公司", "中兴通讯股份有限公司福州分公司", "中兴通讯股份有限公司"},
		{"中兴通讯", "中兴通讯股份有限公司福州分公司", "中兴通讯"},
		{"华为技术有限公司福州研究所", "华为技术有限公司", "华为技术有限公司"},
		{"甲乙投资管理有限公司（有限合伙）", "甲乙投资", "甲乙投资管理有限公司（有限合伙）"},
	} {
		for _, order := range [][2]string{{tc.a, tc.b}, {tc.b, tc.a}} {
			dst := &Enterprise{Name: order[0], Source: "one"}
			MergeEnterprise(dst, &Enterprise{Name: order[1], Source: "two"}, false)
			if dst.Name != tc.want {
				t.Errorf("%q then %q: name %q, want %q", order[0], order[1], dst.Name, tc.want)
			}
			other := tc.a
			if other == tc.want {
				other = tc.b
			}
			if dst.NameEN != other && (len(dst.Aliases) != 1 || dst.Aliases[0] != other) {
				t.Errorf("%q then %q: %q lost (aliases %q, English name %q)", order[0], order[1], other, dst.Aliases, dst.NameEN)
			}
		}
	}
}

// TestMergeIndustryOrder: two rows of one source with different industry labels
// keep both, in the same order whichever row came first; a newer statement of
// the source (replace) says the industry anew, and another source does not join.
func TestMergeIndustryOrder(t *testing.T) {
	for _, order := range [][2]string{{"3C电子", "半导体"}, {"半导体", "3C电子"}} {
		dst := &Enterprise{Name: "甲", Industry: order[0], Source: "list"}
		MergeEnterprise(dst, &Enterprise{Name: "甲", Industry: order[1], Source: "list"}, false)
		MergeEnterprise(dst, &Enterprise{Name: "甲", Industry: "半导体", Source: "list"}, false)
		if dst.Industry != "3C电子；半导体" {
			t.Errorf("%q then %q: industry %q", order[0], order[1], dst.Industry)
		}
	}
	dst := &Enterprise{Name: "甲", Industry: "3C电子", Source: "list"}
	MergeEnterprise(dst, &Enterprise{Name: "甲", Industry: "半导体", Source: "list"}, true)
	if dst.Industry != "半导体" {
		t.Errorf("replace: industry %q, want 半导体", dst.Industry)
	}
	dst = &Enterprise{Name: "甲", Industry: "3C电子", Source: "b"}
	MergeEnterprise(dst, &Enterprise{Name: "甲", Industry: "半导体", Source: "a"}, false)
	if dst.Industry != "半导体" {
		t.Errorf("another source: industry %q, want 半导体 (source a before b)", dst.Industry)
	}
}
