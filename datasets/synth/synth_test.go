package synth

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// testCounties is a hand-built slice of GB/T 2260 counties covering the clusters
// and a tail, for tests that must not depend on the embedded table.
func testCounties(t testing.TB) []chainmatch.County {
	t.Helper()
	const rows = `110108,海淀区,北京市,北京市,39.96,116.30
110115,大兴区,北京市,北京市,39.73,116.34
120113,北辰区,天津市,天津市,39.22,117.13
120118,静海区,天津市,天津市,38.95,116.97
310115,浦东新区,上海市,上海市,31.22,121.54
310114,嘉定区,上海市,上海市,31.38,121.27
320205,锡山区,无锡市,江苏省,31.59,120.36
320211,滨湖区,无锡市,江苏省,31.53,120.28
320506,吴中区,苏州市,江苏省,31.26,120.63
320583,昆山市,苏州市,江苏省,31.39,120.98
320412,武进区,常州市,江苏省,31.70,119.94
320113,栖霞区,南京市,江苏省,32.10,118.91
330106,西湖区,杭州市,浙江省,30.26,120.13
330127,淳安县,杭州市,浙江省,29.61,119.04
330282,慈溪市,宁波市,浙江省,30.17,121.27
330211,镇海区,宁波市,浙江省,29.95,121.60
330784,永康市,金华市,浙江省,28.89,120.05
331004,路桥区,台州市,浙江省,28.58,121.37
331102,莲都区,丽水市,浙江省,28.45,119.91
331122,缙云县,丽水市,浙江省,28.66,120.09
331181,龙泉市,丽水市,浙江省,28.07,119.14
340104,蜀山区,合肥市,安徽省,31.85,117.26
340207,鸠江区,芜湖市,安徽省,0,0
350902,蕉城区,宁德市,福建省,26.66,119.52
350203,思明区,厦门市,福建省,24.45,118.08
360902,袁州区,宜春市,江西省,27.80,114.38
370102,历下区,济南市,山东省,36.67,117.08
370212,崂山区,青岛市,山东省,36.10,120.47
370522,利津县,东营市,山东省,37.49,118.25
410105,金水区,郑州市,河南省,34.80,113.66
420111,洪山区,武汉市,湖北省,30.50,114.34
420302,茅箭区,十堰市,湖北省,32.59,110.81
430104,岳麓区,长沙市,湖南省,28.23,112.93
440106,天河区,广州市,广东省,23.12,113.36
440305,南山区,深圳市,广东省,22.53,113.93
440606,顺德区,佛山市,广东省,22.81,113.29
450202,城中区,柳州市,广西壮族自治区,24.33,109.41
510107,武侯区,成都市,四川省,30.64,104.04
511502,翠屏区,宜宾市,四川省,28.77,104.62
610113,雁塔区,西安市,陕西省,34.21,108.95
630104,城西区,西宁市,青海省,36.63,101.77
220102,南关区,长春市,吉林省,43.86,125.35
500106,沙坪坝区,重庆市,重庆市,29.54,106.45
130102,长安区,石家庄市,河北省,38.05,114.54
211302,双塔区,朝阳市,辽宁省,41.57,120.45
429004,仙桃市,省直辖县级行政区划,湖北省,30.36,113.45
652101,高昌区,吐鲁番市,新疆维吾尔自治区,42.95,89.19`
	var cs []chainmatch.County
	for _, line := range strings.Split(rows, "\n") {
		f := strings.Split(line, ",")
		c := chainmatch.County{Code: f[0], Name: f[1], CityName: f[2], ProvinceName: f[3],
			Province: f[0][:2], City: f[0][:4] + "00"}
		if f[0][2:4] == "90" {
			c.City = f[0][:4] + "00"
		}
		if err := json.Unmarshal([]byte(f[4]), &c.Lat); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(f[5]), &c.Lon); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	cs = append(cs, chainmatch.County{Code: "331100-edz", Name: "丽水经济技术开发区", Province: "33",
		City: "331100", Platform: true, SeatCounty: "331102"})
	return cs
}

// testChains is a small hand-built taxonomy with the shape of the embedded one.
func testChains() []chainmatch.Chain {
	node := func(id, name, en string, st chainmatch.Stage, kw, kwEN, ind []string) chainmatch.Node {
		return chainmatch.Node{ID: id, Name: name, NameEN: en, Stage: st, Keywords: kw, KeywordsEN: kwEN, Industries: ind, Importance: 0.6}
	}
	return []chainmatch.Chain{
		{ID: "semiconductor", Name: "半导体", NameEN: "Semiconductors", Nodes: []chainmatch.Node{
			node("wafer", "硅片", "Wafers", chainmatch.Upstream, []string{"硅片", "单晶硅", "外延片"}, []string{"silicon wafer", "epitaxial wafer"}, []string{"3985"}),
			node("design", "芯片设计", "Chip design", chainmatch.Midstream, []string{"集成电路设计", "芯片设计", "IC设计"}, []string{"IC design", "fabless"}, []string{"6520"}),
			node("packaging", "封装测试", "Packaging and test", chainmatch.Downstream, []string{"集成电路封装", "封装测试", "芯片测试"}, []string{"IC packaging", "chip testing"}, []string{"3973"}),
		}, Edges: []chainmatch.Edge{{From: "wafer", To: "design"}, {From: "design", To: "packaging"}}},
		{ID: "short-distance-transport", Name: "智能短交通", NameEN: "Short-distance transport", Nodes: []chainmatch.Node{
			node("battery", "锂电池", "Lithium batteries", chainmatch.Upstream, []string{"锂电池", "电池组", "电芯"}, []string{"lithium battery", "battery pack"}, []string{"3841"}),
			node("motor", "轮毂电机", "Hub motors", chainmatch.Midstream, []string{"轮毂电机", "电机", "控制器"}, []string{"hub motor", "motor controller"}, []string{"3812"}),
			node("ebike", "电动自行车", "E-bikes", chainmatch.Downstream, []string{"电动自行车", "电动车", "电动摩托车"}, []string{"e-bike", "electric motorcycle"}, []string{"3770"}),
		}, Edges: []chainmatch.Edge{{From: "battery", To: "ebike"}, {From: "motor", To: "ebike"}}},
		{ID: "biomedicine", Name: "生物医药", NameEN: "Biomedicine", Nodes: []chainmatch.Node{
			node("api", "原料药", "APIs", chainmatch.Upstream, []string{"原料药", "医药中间体"}, []string{"API", "pharmaceutical intermediate"}, []string{"2710"}),
			node("formulation", "制剂", "Formulation", chainmatch.Midstream, []string{"化学药品制剂", "中成药", "片剂"}, []string{"formulation", "tablets"}, []string{"2720", "2740"}),
			node("distribution", "医药流通", "Distribution", chainmatch.Downstream, []string{"药品批发", "医药流通"}, []string{"drug distribution"}, []string{"5151"}),
		}},
	}
}

func generate(t testing.TB, cfg GenConfig) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Generate(&buf, cfg, testChains(), testCounties(t)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGenerateDeterministic(t *testing.T) {
	cfg := GenConfig{Enterprises: 2000, Talents: 300, Seed: 7}
	a, b := generate(t, cfg), generate(t, cfg)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	cfg.Seed = 8
	if bytes.Equal(a, generate(t, cfg)) {
		t.Fatal("different seeds gave the same pool")
	}
	// A prefix of a larger pool is the smaller pool: record i depends on i only.
	big := generate(t, GenConfig{Enterprises: 3000, Seed: 7})
	small := generate(t, GenConfig{Enterprises: 2000, Seed: 7})
	if !bytes.HasPrefix(big, small) {
		t.Fatal("record i depends on the pool size")
	}
}

func TestGenerateLinesParseAndValidate(t *testing.T) {
	const ne, nt = 20000, 1000
	out := generate(t, GenConfig{Enterprises: ne, Talents: nt, Seed: 1})
	counties := map[string]bool{}
	for _, c := range testCounties(t) {
		counties[c.Code] = true
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var gotE, gotT, noText, withUSCC, english, signalled, branched, withCapital, withStaff int
	for line := 1; sc.Scan(); line++ {
		var probe struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(sc.Bytes(), &probe); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if probe.Kind == chainmatch.KindTalent {
			var tl chainmatch.Talent
			if err := dec.Decode(&tl); err != nil {
				t.Fatalf("line %d: %v", line, err)
			}
			if err := tl.Validate(); err != nil {
				t.Fatalf("line %d: %v", line, err)
			}
			if tl.Source != SyntheticSource || tl.AsOf != DefaultAsOf {
				t.Fatalf("line %d: source %q as_of %q", line, tl.Source, tl.AsOf)
			}
			if !tl.Abroad() && tl.Location != "" && !counties[tl.Location] {
				t.Fatalf("line %d: talent location %s is not a known county", line, tl.Location)
			}
			gotT++
			continue
		}
		if gotT > 0 {
			t.Fatalf("line %d: enterprise after talents", line)
		}
		var e chainmatch.Enterprise
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if e.Source != SyntheticSource || e.AsOf != DefaultAsOf || e.ID == "" {
			t.Fatalf("line %d: source %q as_of %q id %q", line, e.Source, e.AsOf, e.ID)
		}
		if e.USCC != "" {
			withUSCC++
			if chainmatch.USCCDivision(e.USCC) != e.County {
				t.Fatalf("line %d: USCC %s region part is not county %s", line, e.USCC, e.County)
			}
		}
		if e.County != "" && !counties[e.County] {
			t.Fatalf("line %d: county %s is not among the counties given", line, e.County)
		}
		if e.Founded > DefaultAsOf {
			t.Fatalf("line %d: founded %s after the reference date", line, e.Founded)
		}
		for _, s := range append(append([]chainmatch.Event{}, e.Signals...), e.Risks...) {
			if s.Date > DefaultAsOf || s.Source != SyntheticSource {
				t.Fatalf("line %d: event %+v", line, s)
			}
		}
		if e.Scope == "" && e.Products == "" && e.Industry == "" && e.IndustryCode == "" {
			noText++
		}
		if e.Products != "" && !hasCJK(e.Products) {
			english++
		}
		if e.Scope != "" && !strings.Contains(e.Scope, "依法须经批准的项目") {
			t.Fatalf("line %d: scope without the registration boilerplate: %s", line, e.Scope)
		}
		if len(e.Signals) > 0 {
			signalled++
		}
		if len(e.Branches) > 0 {
			branched++
		}
		if e.RegisteredCapitalWan != nil {
			withCapital++
		}
		if e.Employees != nil {
			withStaff++
		}
		gotE++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if gotE != ne || gotT != nt {
		t.Fatalf("got %d enterprises and %d talents, want %d and %d", gotE, gotT, ne, nt)
	}
	checks := []struct {
		name     string
		got      int
		min, max float64
	}{
		{"records without business text", noText, 0.03, 0.10},
		{"records with a USCC", withUSCC, 0.75, 0.88},
		{"English-only products", english, 0.002, 0.03},
		{"records with a dated signal", signalled, 0.005, 0.05},
		{"records with branches", branched, 0.005, 0.04},
		{"records with registered capital", withCapital, 0.6, 0.8},
		{"records with a head count", withStaff, 0.2, 0.4},
	}
	for _, c := range checks {
		if f := float64(c.got) / ne; f < c.min || f > c.max {
			t.Errorf("%s: share %.3f outside [%.2f, %.2f]", c.name, f, c.min, c.max)
		}
	}
}

func hasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// pool draws n enterprises as Generate does, keeping what the records do not say.
func pool(t testing.TB, n int) ([]chainmatch.Enterprise, []meta) {
	t.Helper()
	g, err := newGenerator(GenConfig{Seed: 3}, testChains(), testCounties(t))
	if err != nil {
		t.Fatal(err)
	}
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	es := make([]chainmatch.Enterprise, n)
	ms := make([]meta, n)
	for i := range es {
		src.Seed(streamSeed(3, uint64(i), 0))
		es[i], ms[i] = g.enterprise(r, i)
	}
	return es, ms
}

// TestGenerateTagRates checks the tags come at national orders of magnitude over
// the whole pool (tagRates), and that the tagged firms are the big ones.
func TestGenerateTagRates(t *testing.T) {
	const n = 100000
	es, ms := pool(t, n)
	count := map[chainmatch.Tag]int{}
	exchange, withText := 0, 0
	var leaderCap, otherCap []float64
	for i, e := range es {
		if ms[i].text != textNone {
			withText++
		}
		for _, tg := range e.Tags {
			count[tg]++
		}
		if e.HasTag(chainmatch.TagListed) {
			if e.Exchange != "" && e.Ticker != "" {
				exchange++
			}
			if !strings.HasSuffix(e.Name, "股份有限公司") {
				t.Errorf("listed firm %q is not a 股份有限公司", e.Name)
			}
		}
		if e.HasTag(chainmatch.TagLittleGiant) && !e.HasTag(chainmatch.TagSpecialized) {
			t.Errorf("little giant %q is not 专精特新", e.Name)
		}
		if e.RegisteredCapitalWan != nil {
			if e.HasTag(chainmatch.TagListed) || e.HasTag(chainmatch.TagLeader) {
				leaderCap = append(leaderCap, *e.RegisteredCapitalWan)
			} else {
				otherCap = append(otherCap, *e.RegisteredCapitalWan)
			}
		}
	}
	// Shares of all firms, with room for sampling noise (about ±4 standard errors).
	want := []struct {
		tag      chainmatch.Tag
		min, max float64
	}{
		{chainmatch.TagListed, 0.0005, 0.0013},      // ≈ 0.09 %; A-shares are 0.011 % of firms
		{chainmatch.TagHighTech, 0.010, 0.020},      // ≈ 1.5 %
		{chainmatch.TagSpecialized, 0.002, 0.005},   // ≈ 0.3 %
		{chainmatch.TagLittleGiant, 0.0001, 0.0006}, // ≈ 0.03 %
		{chainmatch.TagLeader, 0.0001, 0.0008},      // ≈ 0.04 %
		{chainmatch.TagTop500, 0.00003, 0.0005},
		{chainmatch.TagSOE, 0.005, 0.011},
		{chainmatch.TagForeignFunded, 0.012, 0.025},
		{chainmatch.TagHighGrowth, 0.008, 0.02},
	}
	for _, w := range want {
		if f := float64(count[w.tag]) / n; f < w.min || f > w.max {
			t.Errorf("%s: rate %.5f outside [%.5f, %.5f]", w.tag, f, w.min, w.max)
		}
	}
	if exchange != count[chainmatch.TagListed] {
		t.Errorf("%d of %d listed firms have an exchange and ticker", exchange, count[chainmatch.TagListed])
	}
	if ml, mo := median(leaderCap), median(otherCap); ml < 10*mo {
		t.Errorf("median registered capital: listed and leaders %.0f, others %.0f; they should be far bigger", ml, mo)
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64{}, xs...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}

func TestGenerateClusters(t *testing.T) {
	es, ms := pool(t, 60000)
	type share struct{ in, all int }
	got := map[string]*share{}
	inArea := map[string][]string{
		"semiconductor":            {"31", "32", "44", "11", "34"},
		"short-distance-transport": {"12", "3202", "3310", "3307", "331122"},
		"biomedicine":              {"31", "32", "33", "11", "44"},
	}
	noChain := 0
	for i, e := range es {
		if ms[i].chain == "" {
			noChain++
			continue
		}
		code := e.County
		if code == "" {
			continue
		}
		s := got[ms[i].chain]
		if s == nil {
			s = &share{}
			got[ms[i].chain] = s
		}
		s.all++
		for _, p := range inArea[ms[i].chain] {
			if strings.HasPrefix(code, p) {
				s.in++
				break
			}
		}
	}
	cases := []struct {
		chain string
		min   float64
	}{
		{"semiconductor", 0.5},
		{"short-distance-transport", 0.4},
		{"biomedicine", 0.5},
	}
	for _, c := range cases {
		t.Run(c.chain, func(t *testing.T) {
			s := got[c.chain]
			if s == nil || s.all < 300 {
				t.Fatalf("too few %s firms: %+v", c.chain, s)
			}
			if f := float64(s.in) / float64(s.all); f < c.min {
				t.Errorf("%.2f of %s firms in its clusters, want > %.2f", f, c.chain, c.min)
			}
		})
	}
	if f := float64(noChain) / float64(len(es)); f < 0.77 || f > 0.83 {
		t.Errorf("%.2f of firms belong to no chain, want about 0.8", f)
	}
}

func TestGenerateTalents(t *testing.T) {
	out := generate(t, GenConfig{Talents: 5000, Seed: 2})
	var abroad, home, phd, honours int
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var tl chainmatch.Talent
		if err := json.Unmarshal(line, &tl); err != nil {
			t.Fatal(err)
		}
		if tl.Kind != chainmatch.KindTalent || tl.Name == "" || tl.Field == "" || tl.Expertise == "" || tl.Institution == "" {
			t.Fatalf("incomplete talent %+v", tl)
		}
		if tl.Abroad() {
			abroad++
		}
		if tl.Hometown != "" {
			home++
		}
		if tl.Degree == "博士" || tl.Degree == "PhD" {
			phd++
		}
		if len(tl.Honours) > 0 {
			honours++
		}
	}
	checks := []struct {
		name     string
		got      int
		min, max float64
	}{
		{"abroad", abroad, 0.07, 0.13},
		{"with a hometown", home, 0.25, 0.35},
		{"doctors", phd, 0.4, 0.6},
		{"with honours", honours, 0.15, 0.5},
	}
	for _, c := range checks {
		if f := float64(c.got) / 5000; f < c.min || f > c.max {
			t.Errorf("%s: share %.3f outside [%.2f, %.2f]", c.name, f, c.min, c.max)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	cases := []struct {
		name     string
		cfg      GenConfig
		counties []chainmatch.County
	}{
		{"no counties", GenConfig{Enterprises: 1}, nil},
		{"only platforms", GenConfig{Enterprises: 1}, []chainmatch.County{{Code: "331100-edz", Platform: true, Province: "33"}}},
		{"bad as-of date", GenConfig{Enterprises: 1, AsOf: "2026-13-01"}, testCounties(t)},
		{"negative count", GenConfig{Enterprises: -1}, testCounties(t)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Generate(io.Discard, c.cfg, testChains(), c.counties)
			if !errors.Is(err, chainmatch.ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
		})
	}
}

func TestGenerateWithoutChains(t *testing.T) {
	out := generate(t, GenConfig{})
	if len(out) != 0 {
		t.Fatalf("empty pool wrote %d bytes", len(out))
	}
	var buf bytes.Buffer
	if err := Generate(&buf, GenConfig{Enterprises: 100, Talents: 10, Seed: 1}, nil, testCounties(t)); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n != 110 {
		t.Fatalf("got %d lines, want 110", n)
	}
}

func BenchmarkGenerate(b *testing.B) {
	chains, counties := testChains(), testCounties(b)
	cw := &countWriter{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := Generate(cw, GenConfig{Enterprises: 1000, Seed: 1}, chains, counties); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cw.n)/float64(b.N)/1000, "bytes/record")
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func TestParseProductLines(t *testing.T) {
	cases := []struct {
		name, text string
		ok         bool
	}{
		{"a chain line", "semiconductor | 半导体 | Micro | 6520 | 科技 | 集成电路设计;电子元器件批发 | | 驱动IC | PMIC", true},
		{"a line of no chain", "- | 餐饮 | Catering | 6210 | 餐饮 | 餐饮管理;日用百货销售 | 餐饮服务 | 快餐 | restaurant", true},
		{"missing a field", "- | 餐饮 | Catering | 6210 | 餐饮 | 餐饮管理;日用百货销售 | 餐饮服务 | 快餐", false},
		{"one item", "- | 餐饮 | Catering | 6210 | 餐饮 | 餐饮管理 | | 快餐 | restaurant", false},
		{"no name word", "- | 餐饮 | Catering | 6210 |  | 餐饮管理;日用百货销售 | | 快餐 | restaurant", false},
		{"bad class", "- | 餐饮 | Catering | 621 | 餐饮 | 餐饮管理;日用百货销售 | | 快餐 | restaurant", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines, err := parseProductLines("\n" + c.text + "\n")
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok %v", err, c.ok)
			}
			if c.ok && len(lines) != 1 {
				t.Fatalf("got %d lines", len(lines))
			}
		})
	}
	// The embedded table parses, and every chain of chainMix has lines.
	lines, err := parseProductLines(productLines)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, ln := range lines {
		per[ln.chain]++
	}
	for c := range chainMix {
		if per[c] < 5 {
			t.Errorf("chain %s has %d product lines", c, per[c])
		}
	}
	if per[""] < 15 {
		t.Errorf("%d lines of no chain", per[""])
	}
}
