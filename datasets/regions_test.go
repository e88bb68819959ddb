package datasets

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chainmatch/chainmatch"
)

var (
	regionsOnce sync.Once
	regionsVal  *Regions
	regionsErr  error
)

func sharedRegions(tb testing.TB) *Regions {
	tb.Helper()
	regionsOnce.Do(func() { regionsVal, regionsErr = LoadRegions() })
	if regionsErr != nil {
		tb.Fatal(regionsErr)
	}
	return regionsVal
}

func TestResolve(t *testing.T) {
	r := sharedRegions(t)
	tests := []struct {
		name                 string
		province, city, cnty string
		want                 Location
		unresolved           []string
	}{
		{"full names", "浙江省", "丽水市", "缙云县", Location{"33", "331100", "331122"}, nil},
		{"no suffixes", "浙江", "丽水", "缙云", Location{"33", "331100", "331122"}, nil},
		{"codes", "33", "331100", "331122", Location{"33", "331100", "331122"}, nil},
		{"six-digit province code", "330000", "", "", Location{Province: "33"}, nil},
		{"four-digit city code", "", "3311", "", Location{"33", "331100", ""}, nil},
		{"twelve-digit statistical code", "", "", "331122000000", Location{"33", "331100", "331122"}, nil},
		{"county code alone fills the levels above", "", "", "331181", Location{"33", "331100", "331181"}, nil},
		{"county name alone when unique", "", "", "缙云县", Location{"33", "331100", "331122"}, nil},
		{"autonomous county stem", "", "", "景宁", Location{"33", "331100", "331127"}, nil},
		{"内蒙 short form", "内蒙", "", "", Location{Province: "15"}, nil},
		{"内蒙古 without 自治区", "内蒙古", "", "", Location{Province: "15"}, nil},
		{"广西 short form", "广西", "南宁", "", Location{"45", "450100", ""}, nil},
		{"新疆 short form", "新疆", "", "", Location{Province: "65"}, nil},
		{"宁夏回族 partial suffix", "宁夏回族", "", "", Location{Province: "64"}, nil},
		{"city given as province", "深圳", "", "", Location{"44", "440300", ""}, nil},
		{"city given as province with its county", "深圳市", "", "南山区", Location{"44", "440300", "440305"}, nil},
		{"province and city run together", "浙江杭州", "", "", Location{"33", "330100", ""}, nil},
		{"full address in the county field", "", "", "浙江省杭州市西湖区", Location{"33", "330100", "330106"}, nil},
		{"朝阳区 in Beijing by province", "北京", "", "朝阳区", Location{"11", "110100", "110105"}, nil},
		{"朝阳区 in Changchun by city", "", "长春", "朝阳区", Location{"22", "220100", "220104"}, nil},
		{"朝阳县 in Liaoning", "辽宁", "", "朝阳县", Location{"21", "211300", "211321"}, nil},
		{"朝阳 stem settled by city", "辽宁省", "朝阳市", "朝阳", Location{"21", "211300", "211321"}, nil},
		{"朝阳区 alone is ambiguous", "", "", "朝阳区", Location{}, []string{"county"}},
		{"鼓楼区 in Nanjing", "江苏", "南京", "鼓楼区", Location{"32", "320100", "320106"}, nil},
		{"鼓楼区 in Fuzhou", "福建", "福州市", "鼓楼区", Location{"35", "350100", "350102"}, nil},
		{"鼓楼区 in Xuzhou by city alone", "", "徐州", "鼓楼区", Location{"32", "320300", "320302"}, nil},
		{"鼓楼区 with only a province that has two", "江苏", "", "鼓楼区", Location{Province: "32"}, []string{"county"}},
		{"municipality city 市辖区", "北京市", "市辖区", "海淀区", Location{"11", "110100", "110108"}, nil},
		{"Chongqing county", "重庆", "", "城口县", Location{"50", "500200", "500229"}, nil},
		{"Chongqing city alone", "重庆市", "重庆市", "", Location{"50", "500100", ""}, nil},
		{"province-administered county as city", "湖北", "仙桃市", "", Location{"42", "429000", "429004"}, nil},
		{"province-administered county in both", "湖北省", "仙桃", "仙桃市", Location{"42", "429000", "429004"}, nil},
		{"county-level city without counties", "广东", "东莞", "", Location{"44", "441900", "441900"}, nil},
		{"Taiwan", "台湾", "", "", Location{Province: "71"}, nil},
		{"Hong Kong", "香港特别行政区", "", "", Location{Province: "81"}, nil},
		{"Macao code", "82", "", "", Location{Province: "82"}, nil},
		{"autonomous prefecture stem", "四川", "阿坝", "", Location{"51", "513200", ""}, nil},
		{"league (盟)", "内蒙古自治区", "锡林郭勒", "", Location{"15", "152500", ""}, nil},
		{"banner (旗)", "", "", "达拉特旗", Location{"15", "150600", "150621"}, nil},
		{"platform name is its seat county", "浙江", "丽水", "丽水经济技术开发区", Location{"33", "331100", "331102"}, nil},
		{"spaces and full-width spaces", " 浙江省\u3000", "丽水市 ", " 龙泉市", Location{"33", "331100", "331181"}, nil},
		{"empty fields are unknown, not unresolved", "", "", "", Location{}, nil},
		{"placeholder values", "-", "未知", "", Location{}, nil},
		{"unknown province", "火星", "", "", Location{}, []string{"province"}},
		{"unknown county keeps the rest", "浙江", "丽水", "不存在县", Location{"33", "331100", ""}, []string{"county"}},
		{"county contradicts province", "浙江", "", "海淀区", Location{Province: "33"}, []string{"county"}},
		{"city contradicts province", "浙江", "北京", "", Location{Province: "33"}, []string{"city"}},
		{"unknown province, the county still places the row", "火星", "", "缙云县", Location{"33", "331100", "331122"}, []string{"province"}},
		{"county field given a city name", "浙江", "", "丽水市", Location{"33", "331100", ""}, []string{"county"}},
		{"one-character 简称", "粤", "深圳", "", Location{"44", "440300", ""}, nil},
		{"市辖区 as the county is a placeholder", "上海", "上海市", "市辖区", Location{"31", "310100", ""}, nil},
		{"English is not placed", "Zhejiang", "", "", Location{}, []string{"province"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, un := r.Resolve(tc.province, tc.city, tc.cnty)
			if got != tc.want || !slices.Equal(un, tc.unresolved) {
				t.Errorf("Resolve(%q, %q, %q) = %+v, %q; want %+v, %q",
					tc.province, tc.city, tc.cnty, got, un, tc.want, tc.unresolved)
			}
		})
	}
}

func TestRegionNames(t *testing.T) {
	r := sharedRegions(t)
	tests := []struct{ name, got, want string }{
		{"province", r.ProvinceName("33"), "浙江省"},
		{"province of a six-digit code", r.ProvinceName("331122"), "浙江省"},
		{"Taiwan", r.ProvinceName("71"), "台湾省"},
		{"Hong Kong", r.ProvinceName("81"), "香港特别行政区"},
		{"Macao", r.ProvinceName("82"), "澳门特别行政区"},
		{"city", r.CityName("331100"), "丽水市"},
		{"four-digit city", r.CityName("3311"), "丽水市"},
		{"municipality city", r.CityName("110100"), "北京市"},
		{"Chongqing's counties", r.CityName("500200"), "重庆市"},
		{"province-administered", r.CityName("429000"), "省直辖县级行政区划"},
		{"unknown", r.CityName("999900"), ""},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if got := len(r.Provinces()); got != 34 {
		t.Errorf("%d province-level units, want 34", got)
	}
	c, ok := r.County("331100-edz")
	if !ok || !c.Platform || c.HomeCounty() != "331102" {
		t.Errorf("County(331100-edz) = %+v, %v", c, ok)
	}
	if _, ok := r.County("000000"); ok {
		t.Error("County(000000) found")
	}
}

// TestLeadingPlace reads the place a name begins with: whole names of provinces
// and cities only, never a county (trade names such as 长安 and 平安 are county
// names too), never a longer run that merely starts with a place.
func TestLeadingPlace(t *testing.T) {
	r := sharedRegions(t)
	tests := []struct {
		name, province, city, rest string
		ok                         bool
	}{
		{"杭州华东医药", "33", "330100", "华东医药", true},
		{"浙江省杭州市西湖电子", "33", "330100", "西湖电子", true},
		{"浙江同花顺", "33", "", "同花顺", true},
		{"宁波均胜电子", "33", "330200", "均胜电子", true},
		{"中山大洋电机", "44", "442000", "大洋电机", true},
		{"上海擎朗智能科技", "31", "", "擎朗智能科技", true},
		{"广西壮族自治区柳工", "45", "", "柳工", true},
		{"平安银行", "", "", "平安银行", false},
		{"长安汽车", "", "", "长安汽车", false},
		{"青田吉瑞", "", "", "青田吉瑞", false},
		{"东方电气", "", "", "东方电气", false},
	}
	for _, tc := range tests {
		p, c, rest, ok := r.LeadingPlace(tc.name)
		if p != tc.province || c != tc.city || rest != tc.rest || ok != tc.ok {
			t.Errorf("LeadingPlace(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tc.name, p, c, rest, ok, tc.province, tc.city, tc.rest, tc.ok)
		}
	}
}

// TestResolveEveryCounty places each division by its own names: code, full
// names, and names without suffixes when the city is given.
func TestResolveEveryCounty(t *testing.T) {
	r := sharedRegions(t)
	for _, c := range r.Counties() {
		if c.Platform {
			continue
		}
		want := Location{Province: c.Province, City: c.City, County: c.Code}
		if got, un := r.Resolve("", "", c.Code); got != want || un != nil {
			t.Errorf("by code %s: %+v %q", c.Code, got, un)
		}
		if got, un := r.Resolve(c.ProvinceName, c.CityName, c.Name); got != want || un != nil {
			t.Errorf("by names %s %s %s: %+v %q, want %+v", c.ProvinceName, c.CityName, c.Name, got, un, want)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range [][3]string{
		{"浙江", "丽水", "缙云"}, {"深圳", "", ""}, {"", "", "朝阳区"}, {"浙江杭州", "", ""},
		{"33", "3311", "331122000000"}, {"内蒙", "锡林郭勒", "正蓝旗"}, {"\xff", "省", "区"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	r := sharedRegions(f)
	f.Fuzz(func(t *testing.T, p, c, k string) {
		loc, un := r.Resolve(p, c, k)
		if loc.Province != "" && r.ProvinceName(loc.Province) == "" {
			t.Fatalf("unknown province %q", loc.Province)
		}
		if loc.City != "" {
			if r.CityName(loc.City) == "" || loc.City[:2] != loc.Province {
				t.Fatalf("city %q in province %q", loc.City, loc.Province)
			}
		}
		if loc.County != "" {
			cn, ok := r.County(loc.County)
			if !ok || cn.City != loc.City || cn.Province != loc.Province {
				t.Fatalf("county %q with city %q province %q", loc.County, loc.City, loc.Province)
			}
		}
		for _, u := range un {
			field := map[string]string{"province": p, "city": c, "county": k}[u]
			if strings.TrimSpace(field) == "" {
				t.Fatalf("empty field %s reported unresolved", u)
			}
		}
	})
}

func BenchmarkResolve(b *testing.B) {
	r := sharedRegions(b)
	rows := [][3]string{
		{"浙江省", "丽水市", "缙云县"}, {"北京", "", "朝阳区"}, {"33", "331100", "331122"},
		{"广东", "深圳", "南山区"}, {"江苏", "南京", "鼓楼区"}, {"内蒙", "", ""},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		row := rows[i%len(rows)]
		r.Resolve(row[0], row[1], row[2])
	}
}

// TestResolveHongKongMacaoTaiwan: GB/T 2260 codes 81, 82 and 71 for the units and
// places in them, whichever field holds them; a mainland 东区 stays mainland.
func TestResolveHongKongMacaoTaiwan(t *testing.T) {
	r, err := LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ province, city, county, want string }{
		{"香港特别行政区", "香港", "", "81"},
		{"", "香港", "", "81"},
		{"Hong Kong", "", "", "81"},
		{"", "", "九龙城区", "81"},
		{"澳门", "", "", "82"},
		{"", "澳门特别行政区", "", "82"},
		{"", "Macau", "", "82"},
		{"台湾", "台北市", "", "71"},
		{"", "高雄", "", "71"},
		{"四川", "攀枝花", "东区", "51"},
	}
	for _, c := range cases {
		loc, unresolved := r.Resolve(c.province, c.city, c.county)
		if loc.Province != c.want || len(unresolved) != 0 {
			t.Errorf("Resolve(%q, %q, %q) = %+v %v, want province %s", c.province, c.city, c.county, loc, unresolved, c.want)
		}
	}
}

// TestFind reads counties the ways users write them, and lists the candidates of
// a shared name.
func TestFind(t *testing.T) {
	r := sharedRegions(t)
	for _, tc := range []struct{ in, want string }{
		{"331122", "331122"}, {"331122000000", "331122"}, {"缙云县", "331122"}, {"缙云", "331122"}, {" 缙云县 ", "331122"},
		{"丽水市缙云县", "331122"}, {"浙江省丽水市缙云县", "331122"}, {"浙江丽水缙云", "331122"},
		{"浙江缙云", "331122"}, {"Jinyun County", "331122"}, {"jinyun", "331122"},
		{"331100-edz", "331100-edz"}, {"丽水经济技术开发区", "331100-edz"}, {"丽水经开区", "331100-edz"},
		{"石家庄高新区", "130171"}, {"秦皇岛经开区", "130371"},
		{"Chun'an County", "330127"}, {"chunan", "330127"}, {"景宁", "331127"},
		{"北京市朝阳区", "110105"}, {"长春朝阳区", "220104"}, {"瓯海区", "330304"},
		// a zone or park named after its county is that county; one named after a
		// city is the city's only platform
		{"利津经济开发区", "370522"}, {"缙云县工业园区", "331122"}, {"龙游经开区", "330825"}, {"丽水经济开发区", "331100-edz"},
	} {
		if c, err := r.Find(tc.in); err != nil || c.Code != tc.want {
			t.Errorf("Find(%q) = %v, %v; want %s", tc.in, c, err, tc.want)
		}
	}
	c, err := r.Find("朝阳区")
	if c != nil || !errors.Is(err, chainmatch.ErrNotFound) || !strings.Contains(err.Error(), "110105 北京市朝阳区") ||
		!strings.Contains(err.Error(), "220104 长春市朝阳区") {
		t.Errorf("Find(朝阳区) = %v, %v; want an error listing both 朝阳区", c, err)
	}
	// A city's zone that has no platform asks for its county.
	if c, err := r.Find("温州经济技术开发区"); c != nil || !errors.Is(err, chainmatch.ErrNotFound) ||
		!strings.Contains(err.Error(), "a zone of 温州市") || !strings.Contains(err.Error(), "鹿城区") {
		t.Errorf("Find(温州经济技术开发区) = %v, %v; want an error asking for a county of 温州市", c, err)
	}
	for _, in := range []string{"", "火星县", "丽水市火星县", "火星经济开发区"} {
		if c, err := r.Find(in); c != nil || !errors.Is(err, chainmatch.ErrNotFound) || !strings.Contains(err.Error(), "unknown county") {
			t.Errorf("Find(%q) = %v, %v; want unknown", in, c, err)
		}
	}
	// A province's or a city's name or code is not taken for a county (of the same
	// stem).
	for in, want := range map[string]string{"丽水": "丽水市, not a county", "浙江": "浙江省, not a county",
		"331100": "丽水市, not a county", "3311": "丽水市, not a county", "33": "浙江省, not a county",
		"通化": "220521 通化市通化县", "河南": "632324 黄南藏族自治州河南蒙古族自治县",
		"通化开发区": "220521 通化市通化县", "浙江经济开发区": "浙江省, not a county"} {
		if c, err := r.Find(in); c != nil || !errors.Is(err, chainmatch.ErrNotFound) || !strings.Contains(err.Error(), want) {
			t.Errorf("Find(%q) = %v, %v; want an error naming %s", in, c, err, want)
		}
	}
	if c, err := r.Find("通化县"); err != nil || c.Code != "220521" {
		t.Errorf("Find(通化县) = %v, %v", c, err)
	}
	// Every division is found by its city and name, and by its name alone unless
	// another division has it too.
	shared := map[string]int{}
	for _, c := range r.Counties() {
		shared[c.Name]++
	}
	for _, c := range r.Counties() {
		if c.Platform || strings.HasSuffix(c.CityName, "直辖县级行政区划") {
			continue
		}
		if got, err := r.Find(c.CityName + c.Name); err != nil || got.Code != c.Code {
			t.Errorf("Find(%s%s) = %v, %v", c.CityName, c.Name, got, err)
		}
		got, err := r.Find(c.Name)
		if shared[c.Name] == 1 && (err != nil || got.Code != c.Code) || shared[c.Name] > 1 && err == nil {
			t.Errorf("Find(%s), a name of %d divisions, = %v, %v", c.Name, shared[c.Name], got, err)
		}
	}
}
