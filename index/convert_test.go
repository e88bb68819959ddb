package index

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestEnterpriseAndTalentDocs(t *testing.T) {
	capital, lat, lon, staff := 5000.0, 28.66, 120.09, 320
	e := &chainmatch.Enterprise{
		Name: "缙云县飞驰电动车有限公司", Scope: "电动自行车制造", Province: "33", City: "331100", County: "331122",
		Founded: "2015-06-01", RegisteredCapitalWan: &capital, Employees: &staff, Lat: &lat, Lon: &lon,
		Tags:     []chainmatch.Tag{chainmatch.TagHighTech},
		NodeTags: []chainmatch.NodeTag{{Chain: "short-distance-transport", Node: "e-bike"}, {Chain: "short-distance-transport", Node: "e-bike"}},
	}
	d := EnterpriseDoc(7, e)
	reg := *e
	reg.Scope = "一般项目：电动自行车制造（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
	if got := EnterpriseDoc(8, &reg).Scope; got != e.Scope {
		t.Errorf("a registered scope is indexed as %q, want its content %q", got, e.Scope)
	}
	if d.Seq != 7 || d.Kind != chainmatch.KindEnterprise || d.FoundedYear != 2015 || d.CapitalWan != 5000 || d.Employees != 320 ||
		!math.IsNaN(d.RevenueWan) || !d.HasGeo || !slices.Equal(d.Nodes, []string{"short-distance-transport/e-bike"}) ||
		!slices.Equal(d.Tags, []string{"high_tech"}) {
		t.Errorf("enterprise doc %+v", d)
	}
	tal := &chainmatch.Talent{Name: "王芳", Field: "功率半导体", Expertise: "碳化硅器件封装", Institution: "浙江大学",
		Title: "教授", Location: "330106", NodeTags: []chainmatch.NodeTag{{Chain: "semiconductor", Node: "packaging"}}}
	td := TalentDoc(3, tal)
	if td.Kind != chainmatch.KindTalent || td.County != "330106" || td.City != "330100" || td.Province != "33" || !math.IsNaN(td.CapitalWan) {
		t.Errorf("talent doc %+v", td)
	}
	abroad := TalentDoc(4, &chainmatch.Talent{Name: "Chen Li", Location: "DE"})
	if abroad.County != "" || abroad.Province != "" {
		t.Errorf("abroad talent placed: %+v", abroad)
	}
	ix, _ := buildTest(t, []Doc{d, td, abroad}, 1)
	for _, q := range []Query{
		{Text: "e-bike", Kind: chainmatch.KindEnterprise, Ranges: []Range{{Field: RangeEmployees, Min: ptr(300)}}, County: []string{"331122"}},
		{Text: "半导体封装", Kind: chainmatch.KindTalent, Province: []string{"33"}},
	} {
		res, err := ix.Search(context.Background(), q)
		if err != nil || res.Total != 1 {
			t.Errorf("%+v: %v %v", q, res, err)
		}
	}
}
