package match

import (
	"slices"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// channelCounty is Jinyun with one channel of each kind: a chamber in Guangzhou, a
// liaison station in Shanghai, an overseas association in Italy and one without a
// place, a fund, ambassadors without a place and a direct-visit programme; and a
// profile that names local firms (one registered there, one a project of a group
// seated elsewhere).
func channelCounty() chainmatch.County {
	c := testCounties()[0]
	src := &chainmatch.Source{Name: "test profile (synthetic)"}
	c.Channels = append(c.Channels,
		chainmatch.Channel{Type: chainmatch.OverseasAssoc, Name: "海外联络点", NameEN: "overseas contact points"},
		chainmatch.Channel{Type: chainmatch.Fund, Name: "产业基金", NameEN: "industry fund"},
		chainmatch.Channel{Type: chainmatch.Ambassador, Name: "招商大使", NameEN: "ambassadors"},
		chainmatch.Channel{Type: chainmatch.DirectVisit, Name: "招商活动", NameEN: "promotion events"},
	)
	c.Enterprises = []chainmatch.ProfileEnterprise{
		{Name: "浙江缙云车业股份有限公司", Aliases: []string{"缙云车业"}, Role: chainmatch.RoleLocal, Registered: true,
			Chain: "ev", Nodes: []string{"vehicle"}, Source: src},
		{Name: "东方集团", Role: chainmatch.RoleLocal, Chain: "ev", Source: src},
	}
	return c
}

func channelCounties() []chainmatch.County {
	cs := testCounties()
	cs[0] = channelCounty()
	return append(cs,
		chainmatch.County{Code: "510104", Name: "锦江区", City: "510100", CityName: "成都市", Province: "51", ProvinceName: "四川省", Lat: 30.65, Lon: 104.08},
		chainmatch.County{Code: "330106", Name: "西湖区", City: "330100", CityName: "杭州市", Province: "33", ProvinceName: "浙江省", Lat: 30.26, Lon: 120.13},
	)
}

// channelPool holds, besides Jinyun's own firms, candidates that differ in one
// thing at a time: region, chain position, ownership, financing.
func channelPool(t *testing.T) *Pool {
	t.Helper()
	foreign := []chainmatch.Tag{chainmatch.TagForeignFunded}
	es := []*chainmatch.Enterprise{
		ent("j-leader", "331122", []chainmatch.Tag{chainmatch.TagLeader}, "vehicle"),
		ent("j-battery", "331122", nil, "battery"),
		// region, all at the vehicle node (not adjacent to the local leader's node)
		ent("gz-vehicle", "440106", nil, "vehicle"),
		ent("sh-vehicle", "310115", nil, "vehicle"),
		ent("sz-vehicle", "320505", nil, "vehicle"), // Suzhou: about 85 km from the Shanghai station
		ent("cd-vehicle", "510104", nil, "vehicle"),
		ent("hz-vehicle", "330106", nil, "vehicle"),
		// chain position: Chengdu again, at nodes that supply the local leader's vehicles
		ent("cd-controller", "510104", nil, "controller"),
		// ownership: Chengdu vehicle makers, foreign-funded from Italy or from nowhere known
		ent("cd-italian", "510104", foreign, "vehicle"),
		ent("cd-foreign", "510104", foreign, "vehicle"),
		// financing
		ent("cd-raising", "510104", nil, "vehicle"),
		// local by profile: registered in Jinyun, record gives only the province
		{ID: "jy-reg", Name: "缙云车业", Province: "33", NodeTags: ent("x", "", nil, "vehicle").NodeTags},
		// local by profile: a group seated in Guangzhou with a project in Jinyun
		{ID: "gz-group", Name: "东方集团", County: "440106", City: "440100", Province: "44", NodeTags: ent("x", "", nil, "motor").NodeTags},
		// local by address
		{ID: "jy-addr", Name: "某某电机有限公司", Address: "浙江省丽水市缙云县新碧街道新元路1号", NodeTags: ent("x", "", nil, "motor").NodeTags},
		// province only, outside Zhejiang; and one in Lishui's other county (same city)
		{ID: "js-only", Name: "江苏某车辆", Province: "32", NodeTags: ent("x", "", nil, "vehicle").NodeTags},
		ent("ls-vehicle", "331102", nil, "vehicle"),
	}
	es[8].Extra = map[string]string{"country": "IT"}
	es[10].Signals = []chainmatch.Event{{Type: chainmatch.SignalFinancing, Date: "2026-06-01", Detail: "B轮融资"}}
	es[1].Signals = []chainmatch.Event{{Type: chainmatch.SignalExpansion, Date: "2026-10-01", Detail: "年产10万套电池包扩产"}}
	return channelPoolOf(t, es...)
}

// channelPoolOf returns a frozen pool of es over the ev chain and channelCounties.
func channelPoolOf(t *testing.T, es ...*chainmatch.Enterprise) *Pool {
	t.Helper()
	p := NewPool([]chainmatch.Chain{evChain()}, channelCounties())
	for i, e := range es {
		if err := p.Add(uint32(i+1), e); err != nil {
			t.Fatal(err)
		}
	}
	p.Freeze()
	return p
}

func targetsByID(t *testing.T, p *Pool, c *chainmatch.County) map[string]chainmatch.Target {
	t.Helper()
	res, err := Rank(p, Request{County: c, Chain: ptr(evChain()), Limit: 100, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]chainmatch.Target{}
	for _, tg := range res.Targets {
		out[tg.Enterprise.ID] = tg
	}
	return out
}

func TestChannelPerTarget(t *testing.T) {
	p := channelPool(t)
	jinyun := channelCounty()
	by := targetsByID(t, p, &jinyun)
	tests := []struct {
		id       string
		typ      chainmatch.ChannelType
		name     string // substring of the channel name
		reasonZH string // substring of the channel reason
	}{
		{"gz-vehicle", chainmatch.Chamber, "广州缙云商会", "同城"},
		{"sh-vehicle", chainmatch.LiaisonStation, "上海招商联络站", "同城"},
		{"sz-vehicle", chainmatch.LiaisonStation, "上海招商联络站", "比本县更近"},
		{"cd-vehicle", chainmatch.Ambassador, "招商大使", "省外企业"},
		{"hz-vehicle", chainmatch.DirectVisit, "招商活动", "省内企业"},
		{"cd-controller", chainmatch.LeaderNetwork, "企业j-leader", "上游供应商"},
		{"cd-italian", chainmatch.OverseasAssoc, "缙云侨团", "IT"},
		{"cd-foreign", chainmatch.OverseasAssoc, "海外联络点", "国别未知"},
		{"cd-raising", chainmatch.Fund, "产业基金", "融资"},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			tg, ok := by[tc.id]
			if !ok {
				t.Fatalf("%s is not a target", tc.id)
			}
			if tg.Channel == nil || tg.Channel.Type != tc.typ || !strings.Contains(tg.Channel.Name, tc.name) {
				t.Fatalf("channel %+v, want %s %q", tg.Channel, tc.typ, tc.name)
			}
			if tg.ChannelReason == nil || !strings.Contains(tg.ChannelReason.ZH, tc.reasonZH) || tg.ChannelReason.EN == "" {
				t.Errorf("channel reason %+v, want it to mention %q", tg.ChannelReason, tc.reasonZH)
			}
		})
	}
	// A partner leader the profile names at the battery node anchors 以商引商 too: a
	// Chengdu vehicle maker is its customer.
	only := channelCounty()
	only.Enterprises = []chainmatch.ProfileEnterprise{{Name: "远方电池", Role: chainmatch.RolePartner, Chain: "ev",
		Nodes: []string{"battery"}, Source: &chainmatch.Source{Name: "test profile (synthetic)"}}}
	p2 := NewPool([]chainmatch.Chain{evChain()}, append(channelCounties()[1:], only))
	if err := p2.Add(1, ent("cd-vehicle", "510104", nil, "vehicle")); err != nil {
		t.Fatal(err)
	}
	p2.Freeze()
	tg := targetsByID(t, p2, &only)["cd-vehicle"]
	if tg.Channel == nil || tg.Channel.Type != chainmatch.LeaderNetwork || !strings.Contains(tg.ChannelReason.ZH, "合作链主远方电池") ||
		!strings.Contains(tg.ChannelReason.ZH, "下游客户") {
		t.Errorf("cd-vehicle with a partner battery leader: channel %+v reason %+v", tg.Channel, tg.ChannelReason)
	}
}

// Firms located in the county — by code, by an address naming it, or named local by
// its profile — are never its targets; they are its local base.
func TestLocalFirmsNeverTargets(t *testing.T) {
	p := channelPool(t)
	jinyun := channelCounty()
	by := targetsByID(t, p, &jinyun)
	for _, id := range []string{"j-leader", "j-battery", "jy-reg", "gz-group", "jy-addr"} {
		if _, ok := by[id]; ok {
			t.Errorf("local firm %s is a target of its own county", id)
		}
	}
	// The Guangzhou group is an outside target for another county.
	tianhe := testCounties()[5]
	if _, ok := targetsByID(t, p, &tianhe)["gz-group"]; !ok {
		t.Errorf("gz-group should be a target outside Jinyun")
	}
	g, err := p.Gaps(&jinyun, "ev", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"county_code": 2, "profile": 1, "address": 1, "profile_named": 1}
	for k, v := range want {
		if g.Located[k] != v {
			t.Errorf("located %v, want %v", g.Located, want)
			break
		}
	}
	var base []string
	for _, n := range g.Nodes {
		for _, f := range n.LocalBase {
			base = append(base, f.ID+":"+f.Located)
		}
	}
	slices.Sort(base)
	if w := []string{"gz-group:profile_named", "j-battery:county_code", "j-leader:county_code", "jy-addr:address", "jy-reg:profile"}; !slices.Equal(base, w) {
		t.Errorf("local base %v, want %v", base, w)
	}
	// The local list ranks them, expansion first.
	res, err := RankLocal(p, Request{County: &jinyun, Chain: ptr(evChain()), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 5 || res.Targets[0].Enterprise.ID != "j-battery" {
		t.Fatalf("local list %d, first %v; want 5 with the expanding j-battery first", len(res.Targets), res.Targets[0].Enterprise)
	}
	for _, tg := range res.Targets {
		var sum float64
		for _, v := range tg.Contributions {
			sum += v
		}
		if d := sum - tg.Score; d > 1e-12 || d < -1e-12 || len(tg.Flags) == 0 || tg.Flags[0].Code != chainmatch.FlagLocalBase {
			t.Errorf("%s: contributions %v score %v flags %v", tg.Enterprise.ID, tg.Contributions, tg.Score, tg.Flags)
		}
	}
	if !strings.Contains(res.Targets[0].Reasons[1].ZH, "扩产") {
		t.Errorf("first local reason %q does not name the expansion", res.Targets[0].Reasons[1].ZH)
	}
}

// A record placed only by its province is flagged, and no distance is claimed
// from the province's centroid; a firm of the county's own city is marked.
func TestProvinceOnlyAndSameCity(t *testing.T) {
	p := channelPool(t)
	jinyun := channelCounty()
	by := targetsByID(t, p, &jinyun)
	js := by["js-only"]
	if !slices.ContainsFunc(js.Flags, func(f chainmatch.Flag) bool {
		return f.Code == chainmatch.FlagProvinceOnly && f.ZH != "" && f.EN == "location below province unknown"
	}) {
		t.Errorf("js-only flags %+v, want location below province unknown", js.Flags)
	}
	for _, r := range js.Reasons {
		if strings.Contains(r.ZH, "公里") || strings.Contains(r.EN, " km") {
			t.Errorf("js-only reason claims a distance: %q", r.ZH)
		}
	}
	if js.ChannelReason != nil && strings.Contains(js.ChannelReason.ZH, "公里") {
		t.Errorf("js-only channel reason claims a distance: %q", js.ChannelReason.ZH)
	}
	ls := by["ls-vehicle"]
	if !slices.ContainsFunc(ls.Flags, func(f chainmatch.Flag) bool { return f.Code == chainmatch.FlagSameCity }) {
		t.Errorf("ls-vehicle (Liandu, Lishui) flags %+v, want same city", ls.Flags)
	}
	if slices.ContainsFunc(by["sh-vehicle"].Flags, func(f chainmatch.Flag) bool { return f.Code == chainmatch.FlagSameCity }) {
		t.Errorf("Shanghai firm marked same city")
	}
}

// A record named only in a foreign script, with no USCC, is not where a list
// files it: the list's mainland province and city are dropped, while a county, an
// address naming one, a name naming the list's city, or Hong Kong still place it.
func TestForeignName(t *testing.T) {
	for name, want := range map[string]bool{"Northvolt AB": true, "3M Company": true, "ＡＢＢ　Ｌｔｄ．": true,
		"宁德时代": false, "Siemens（中国）有限公司": false, "12345": false, "": false} {
		if got := foreignName(&chainmatch.Enterprise{Name: name}); got != want {
			t.Errorf("foreignName(%q) = %v, want %v", name, got, want)
		}
	}
	if foreignName(&chainmatch.Enterprise{Name: "Siemens AG", USCC: "91110000600001760P"}) {
		t.Errorf("a record with a USCC is registered in China")
	}
	for _, c := range []struct {
		name string
		city int32
		want bool
	}{{"Palo Alto Networks Beijing", 110100, true}, {"Pfizer (Shanghai) Inc.", 310100, true},
		{"Xi'an Foo Ltd", 610100, true}, {"XIAN FOO LTD", 610100, true}, {"Pfizer Inc. Shanghai", 110100, false},
		{"Beijingfoo Corp", 110100, false}, {"Foo Inc. Beijing", 0, false}, {"Foo Lishui", 331100, false}} {
		if got := namesCity(c.name, c.city); got != c.want {
			t.Errorf("namesCity(%q, %d) = %v, want %v", c.name, c.city, got, c.want)
		}
	}
	listed := ent("listed", "", nil, "vehicle") // filed under Guangzhou by a list
	listed.Name, listed.NameEN, listed.City, listed.Province = "Northvolt AB", "", "440100", "44"
	placed := ent("placed", "510104", nil, "vehicle") // a county code is a place
	placed.Name, placed.NameEN = "PTC Inc.", ""
	addressed := ent("addressed", "", nil, "vehicle")
	addressed.Name, addressed.NameEN, addressed.Province = "KUKA AG", "", "44"
	addressed.Address = "四川省成都市锦江区某路1号"
	domestic := ent("domestic", "", nil, "vehicle")
	domestic.City, domestic.Province = "440100", "44"
	hk := ent("hk", "", nil, "vehicle") // in Hong Kong a name in English is usual
	hk.Name, hk.NameEN, hk.Province = "HashKey Group", "", "81"
	office := ent("office", "", nil, "vehicle") // the name says the list's city
	office.Name, office.NameEN, office.City, office.Province = "Pfizer Inc. Guangzhou", "", "440100", "44"
	p := channelPoolOf(t, listed, placed, addressed, domestic, hk, office)
	for i, want := range []uint8{0, 51, 51, 44, 81, 44} {
		if p.prov[i] != want {
			t.Errorf("record %d in province %d, want %d", i, p.prov[i], want)
		}
	}
	jinyun := channelCounty()
	by := targetsByID(t, p, &jinyun)
	flag := func(id string) string {
		for _, f := range by[id].Flags {
			if f.Code == chainmatch.FlagForeignName {
				return f.ZH
			}
		}
		return ""
	}
	if f := flag("listed"); !strings.Contains(f, "位置未知") {
		t.Errorf("listed flag %q, want the location said unknown", f)
	}
	if !slices.Contains(by["listed"].Unknown, chainmatch.FeatureProximity) {
		t.Errorf("listed: proximity known %v", by["listed"].Contributions)
	}
	if ch := by["listed"].Channel; ch == nil || ch.Where == "440100" {
		t.Errorf("listed channel %+v: reached through the list's city", ch)
	}
	for _, id := range []string{"placed", "addressed", "hk", "office"} {
		if f := flag(id); f == "" || strings.Contains(f, "位置未知") {
			t.Errorf("%s flag %q, want a foreign name with a known place", id, f)
		}
		if slices.Contains(by[id].Unknown, chainmatch.FeatureProximity) {
			t.Errorf("%s: proximity unknown", id)
		}
	}
	if f := flag("domestic"); f != "" || slices.Contains(by["domestic"].Unknown, chainmatch.FeatureProximity) {
		t.Errorf("domestic firm: foreign-name flag %q, unknown %v", f, by["domestic"].Unknown)
	}
}

func TestCityFromName(t *testing.T) {
	counties := append(channelCounties(),
		chainmatch.County{Code: "220202", Name: "昌邑区", City: "220200", CityName: "吉林市", Province: "22", ProvinceName: "吉林省"})
	l := newLocator(counties)
	for _, c := range []struct {
		name string
		prov uint8
		want int32
	}{{"丽水威固电子", 33, 331100}, {"浙江丽水某某有限公司", 33, 331100}, {"浙江省杭州某某有限公司", 33, 330100},
		{"成都某某科技有限公司", 51, 510100}, {"丽水某某", 32, 0}, {"丽水", 33, 0}, {"缙云车业", 33, 0},
		{"江苏某车辆", 32, 0}, {"吉林化纤", 22, 0}, {"上海医药", 31, 0}, {"某某丽水电子", 33, 0},
		// a county written with its suffix gives its city, never the county
		{"缙云县某某车业有限公司", 33, 331100}, {"浙江缙云县某某车业", 33, 331100}, {"西湖区某某科技", 33, 330100},
		{"缙云县某某车业", 32, 0}, {"锦江区某某", 33, 0}, {"缙云县", 33, 0}} {
		if got := l.cityFromName(counties, c.name, c.prov); got != c.want {
			t.Errorf("cityFromName(%q, %d) = %d, want %d", c.name, c.prov, got, c.want)
		}
	}
	named := &chainmatch.Enterprise{ID: "named", Name: "丽水某某电子", Province: "33", NodeTags: ent("x", "", nil, "vehicle").NodeTags}
	plain := &chainmatch.Enterprise{ID: "plain", Name: "某某电子", Province: "33", NodeTags: named.NodeTags}
	alone := &chainmatch.Enterprise{ID: "alone", Name: "丽水某某车辆", NodeTags: named.NodeTags} // no province: not placed by its name
	here := &chainmatch.Enterprise{ID: "here", Name: "缙云县某某车辆有限公司", Province: "33", NodeTags: named.NodeTags}
	p := channelPoolOf(t, named, plain, alone, here)
	for i, want := range []int32{331100, 0, 0, 331100} {
		if p.city[i] != want {
			t.Errorf("record %d in city %d, want %d", i, p.city[i], want)
		}
	}
	jinyun := channelCounty()
	by := targetsByID(t, p, &jinyun)
	codes := func(id string) []string {
		var out []string
		for _, f := range by[id].Flags {
			if f.Code != chainmatch.FlagTied {
				out = append(out, f.Code)
			}
		}
		return out
	}
	if got := codes("named"); !slices.Equal(got, []string{chainmatch.FlagCityFromName, chainmatch.FlagSameCity}) {
		t.Errorf("named flags %v, want the city from its name and the same city", got)
	}
	// named for the county ranked: in its city, possibly local, not "another county"
	if got := codes("here"); !slices.Equal(got, []string{chainmatch.FlagCityFromName, chainmatch.FlagNamedCounty}) {
		t.Errorf("here flags %v, want the city from its name and named for the county", got)
	}
	if got := codes("plain"); !slices.Equal(got, []string{chainmatch.FlagProvinceOnly}) {
		t.Errorf("plain flags %v, want province only", got)
	}
	if !slices.Contains(by["alone"].Unknown, chainmatch.FeatureProximity) {
		t.Errorf("alone: proximity known, %v", by["alone"].Contributions)
	}
	if by["named"].Contributions[chainmatch.FeatureProximity] <= by["plain"].Contributions[chainmatch.FeatureProximity] {
		t.Errorf("proximity in the county's own city %v, not above the province's %v",
			by["named"].Contributions[chainmatch.FeatureProximity], by["plain"].Contributions[chainmatch.FeatureProximity])
	}
}

func TestBranchFlag(t *testing.T) {
	branch := ent("branch", "440106", nil, "vehicle")
	branch.Name = "某某车辆股份有限公司广州分公司"
	firm := ent("firm", "440106", nil, "vehicle")
	firm.Name = "某某车辆股份有限公司"
	p := channelPoolOf(t, branch, firm)
	jinyun := channelCounty()
	by := targetsByID(t, p, &jinyun)
	var got []string
	for _, f := range by["branch"].Flags {
		if f.Code == chainmatch.FlagBranch {
			got = append(got, f.ZH)
		}
	}
	if len(got) != 1 || !strings.HasSuffix(got[0], "：某某车辆股份有限公司") {
		t.Errorf("branch flags %v, want one naming its company", by["branch"].Flags)
	}
	for _, f := range by["firm"].Flags {
		if f.Code == chainmatch.FlagBranch {
			t.Errorf("the company itself flagged a branch: %+v", f)
		}
	}
}

// TestTieFlag: four firms with the same evidence share one score; each is flagged
// tied with the three others, also when the list ends inside the tie, and a
// firm nearer the county, of its own score, is not.
func TestTieFlag(t *testing.T) {
	es := []*chainmatch.Enterprise{ent("lead", "331102", nil, "vehicle")}
	for _, id := range []string{"a", "b", "c", "d"} {
		es = append(es, ent(id, "440106", nil, "vehicle"))
	}
	p := channelPoolOf(t, es...)
	jinyun := channelCounty()
	for _, limit := range []int{3, 100} {
		res, err := Rank(p, Request{County: &jinyun, Chain: ptr(evChain()), Limit: limit, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Targets) != min(limit, 5) || res.Targets[0].Enterprise.ID != "lead" {
			t.Fatalf("limit %d: %d targets, first %s", limit, len(res.Targets), res.Targets[0].Enterprise.ID)
		}
		for _, tg := range res.Targets {
			var tied []string
			for _, f := range tg.Flags {
				if f.Code == chainmatch.FlagTied {
					tied = append(tied, f.EN)
				}
			}
			want := 1
			if tg.Enterprise.ID == "lead" {
				want = 0
			}
			if len(tied) != want || want == 1 && !strings.Contains(tied[0], "as 3 other candidates") {
				t.Errorf("limit %d: %s flagged %v", limit, tg.Enterprise.ID, tied)
			}
		}
	}
}
