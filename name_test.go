package chainmatch

import (
	"reflect"
	"testing"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"full-width brackets", "浙江创新（汽车）空调有限公司", "浙江创新(汽车)空调有限公司"},
		{"spaces and ideographic space", " 浙江 创新\u3000空调 ", "浙江创新空调"},
		{"latin case and full-width letters", "ＡＢＣ Motor Co.", "abcmotorco."},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeName(tt.in); got != tt.want {
				t.Fatalf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNameCore(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"深圳市比亚迪股份有限公司", "比亚迪"},
		{"美的集团股份有限公司", "美的集团"},
		{"比亚迪", "比亚迪"},
		{"BYD Company Limited", "byd"},
		{"华联超市股份有限公司", "华联超市"},
		{"浙江省 创新（汽车）空调有限公司", "创新(汽车)空调"},
		{"有限公司", "有限公司"},
		{"Samsung Electronics Co., Ltd.", "samsungelectronics"},
	} {
		if got := NameCore(c.in); got != c.want {
			t.Errorf("NameCore(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOwnScope(t *testing.T) {
	for _, c := range []struct{ scope, industry, want string }{
		{"医疗保健；生物医药、原料药", "医疗保健", "生物医药、原料药"},
		{"生物医药、医疗保健；原料药", "医疗保健", "生物医药、原料药"},
		{"原料药、医疗 保健", "医疗保健", "原料药"},
		{"医疗保健", "医疗保健", ""},
		{"医疗保健；医疗保健", "医疗保健", ""},
		{"医疗保健器械；原料药", "医疗保健", "医疗保健器械；原料药"}, // a longer item is the firm's own
		{"医疗保健；原料药", "", "医疗保健；原料药"},
		{"", "医疗保健", ""},
		// a register export's column: its class name is what an item repeats
		{"光伏逆变器的制造；电力电子元器件制造；货物进出口", "C3824 电力电子元器件制造", "光伏逆变器的制造；货物进出口"},
		{"汽车零部件及配件制造；模具制造", "制造业-汽车制造业-汽车零部件及配件制造", "模具制造"},
		{"汽车制造业；汽车零部件及配件制造", "C36-汽车制造业", "汽车零部件及配件制造"},
		{"3D打印；打印设备制造", "3D打印设备制造", "3D打印；打印设备制造"},
	} {
		if got := OwnScope(c.scope, c.industry); got != c.want {
			t.Errorf("OwnScope(%q, %q) = %q, want %q", c.scope, c.industry, got, c.want)
		}
	}
}

func TestIndustryLevels(t *testing.T) {
	for in, want := range map[string][]string{
		"汽车配件":            {"汽车配件"},
		"e-bike":          {"e-bike"},
		"C36-汽车制造业":       {"C36", "汽车制造业"},
		"C-制造业-C36-汽车制造业": {"C", "制造业", "C36", "汽车制造业"},
		"制造业 - 汽车制造业":     {"制造业", "汽车制造业"},
		"制造业—汽车制造业／汽车整车制造": {"制造业", "汽车制造业", "汽车整车制造"},
		" > 制造业 > ": {"制造业"},
	} {
		if got := IndustryLevels(in); !reflect.DeepEqual(got, want) {
			t.Errorf("IndustryLevels(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"C3824 电力电子元器件制造":           "电力电子元器件制造",
		"制造业-汽车制造业-C3670汽车零部件及配件制造": "汽车零部件及配件制造",
		"汽车零部件及配件制造":                "汽车零部件及配件制造",
		"3D打印设备制造":                  "3D打印设备制造",
		"C36":                       "",
	} {
		if got := ColumnClass(in); got != want {
			t.Errorf("ColumnClass(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBranchOf(t *testing.T) {
	for _, c := range []struct {
		in, parent string
		ok         bool
	}{
		{"中兴通讯股份有限公司福州分公司", "中兴通讯股份有限公司", true},
		{"日立(中国)有限公司宁波分公司", "日立(中国)有限公司", true},
		{"中国移动通信集团江苏有限公司常州分公司", "中国移动通信集团江苏有限公司", true},
		{"中国银联广东分公司", "", true},
		{"某某机械有限公司驻上海办事处", "某某机械有限公司", true},
		{"Siemens Ltd. Shanghai Branch", "", true},
		{"FOO LTD. SHANGHAI REPRESENTATIVE OFFICE", "", true},
		{"分公司", "", false},
		{"中兴通讯股份有限公司", "", false},
		{"杭州分公司科技有限公司", "", false},
		{"某某有限公司浙江省杭州市西湖区文三路某某大厦分公司", "", true},
	} {
		if p, ok := BranchOf(c.in); p != c.parent || ok != c.ok {
			t.Errorf("BranchOf(%q) = %q, %v; want %q, %v", c.in, p, ok, c.parent, c.ok)
		}
	}
}

func TestScopeContent(t *testing.T) {
	for in, want := range map[string]string{
		"一般项目：电动自行车制造；专用化学产品制造（不含危险化学品）；货物进出口（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。许可项目：道路货物运输（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）": "电动自行车制造；专用化学产品制造（不含危险化学品）；货物进出口。道路货物运输",
		"汽车配件的制造、销售。(依法须经批准的项目,经相关部门批准后方可开展经营活动)": "汽车配件的制造、销售。",
		"锂电池（储能）": "锂电池（储能）",
		"未闭合（的括号": "未闭合（的括号",
		"":        "",
	} {
		if got := ScopeContent(in); got != want {
			t.Errorf("ScopeContent(%q) = %q, want %q", in, got, want)
		}
	}
}
