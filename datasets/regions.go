package datasets

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// Location is a place as GB/T 2260 codes: Province two digits, City and County six
// digits. A field is empty when it is unknown.
type Location struct {
	Province string `json:"province,omitempty"`
	City     string `json:"city,omitempty"`
	County   string `json:"county,omitempty"`
}

// Regions answers questions about divisions: names of codes, counties by code, and
// the codes of a location written the many ways data exports write it. It is
// read-only after NewRegions and safe for concurrent use.
type Regions struct {
	counties  []chainmatch.County
	byCode    map[string]int      // county code (and platform id) → index
	provinces map[string]string   // two-digit code → name
	cities    map[string]string   // six-digit code → name
	cityProv  map[string]string   // six-digit city code → province code
	provKeys  map[string]string   // name, stem or short form → province code
	cityKeys  map[string][]string // name or stem → city codes
	cntyKeys  map[string][]int    // name or stem → county indices (divisions only)
	ownKeys   map[string][]int    // a platform's name, an English name (enPlaceKey) → indices
	provList  []string            // province keys, longest first, for 浙江杭州-style input
	cityList  map[string][]string // province code → its city keys, longest first
}

// Province-level units GB/T 2260 codes that have no county rows in the embedded
// table: Taiwan, Hong Kong and Macao.
var extraProvinceNames = [][2]string{{"71", "台湾省"}, {"81", "香港特别行政区"}, {"82", "澳门特别行政区"}}

// Short forms of province names that suffix stripping does not give: 内蒙 and the
// one-character 简称 (accepted in the province field only).
var provinceAliases = [][2]string{
	{"内蒙", "15"}, {"新疆维吾尔", "65"}, {"宁夏回族", "64"}, {"广西壮族", "45"},
	{"京", "11"}, {"津", "12"}, {"冀", "13"}, {"晋", "14"}, {"蒙", "15"}, {"辽", "21"}, {"吉", "22"},
	{"黑", "23"}, {"沪", "31"}, {"苏", "32"}, {"浙", "33"}, {"皖", "34"}, {"闽", "35"}, {"赣", "36"},
	{"鲁", "37"}, {"豫", "41"}, {"鄂", "42"}, {"湘", "43"}, {"粤", "44"}, {"桂", "45"}, {"琼", "46"},
	{"渝", "50"}, {"川", "51"}, {"蜀", "51"}, {"黔", "52"}, {"贵", "52"}, {"滇", "53"}, {"云", "53"},
	{"藏", "54"}, {"陕", "61"}, {"秦", "61"}, {"甘", "62"}, {"陇", "62"}, {"青", "63"}, {"宁", "64"},
	{"新", "65"}, {"台", "71"}, {"港", "81"}, {"澳", "82"},
}

// sarPlaces are places below the province level of 台湾 71, 香港 81 and 澳门 82,
// and their English names. GB/T 2260 gives these three units a province code
// only, so a record there is placed at the province, with no city or county code.
// Written by hand: Hong Kong's 18 districts (香港特别行政区政府民政事务总署, 十八区),
// Macao's parishes and islands (澳门特别行政区政府, 堂区), Taiwan's municipalities,
// cities and counties as commonly written (each with and without 市/县, 臺 and 台).
var sarPlaces = map[string]string{
	"香港": "81", "香港特别行政区": "81", "香港特區": "81", "香港特别行政區": "81", "hong kong": "81", "hongkong": "81",
	"hong kong sar": "81", "hk": "81", "hksar": "81", "九龙": "81", "九龍": "81", "新界": "81", "香港岛": "81",
	"港岛": "81", "中西区": "81", "湾仔": "81", "湾仔区": "81", "油尖旺": "81",
	"油尖旺区": "81", "深水埗": "81", "深水埗区": "81", "九龙城": "81", "九龙城区": "81", "黄大仙": "81",
	"黄大仙区": "81", "观塘": "81", "观塘区": "81", "荃湾": "81", "荃湾区": "81", "屯门": "81", "屯门区": "81",
	"元朗": "81", "元朗区": "81", "大埔": "81", "大埔区": "81", "西贡": "81", "西贡区": "81",
	"沙田": "81", "沙田区": "81", "葵青": "81", "葵青区": "81", "离岛": "81", "离岛区": "81", "kowloon": "81",
	"澳门": "82", "澳門": "82", "澳门特别行政区": "82", "macau": "82", "macao": "82", "macau sar": "82",
	"氹仔": "82", "路环": "82", "路氹": "82", "澳门半岛": "82", "花地玛堂区": "82", "圣安多尼堂区": "82",
	"大堂区": "82", "望德堂区": "82", "风顺堂区": "82", "嘉模堂区": "82", "圣方济各堂区": "82",
	"台湾": "71", "臺灣": "71", "台湾省": "71", "taiwan": "71", "台北": "71", "臺北": "71", "taipei": "71",
	"新北市": "71", "桃园": "71", "台中": "71", "臺中": "71", "台南": "71", "臺南": "71", "高雄": "71",
	"kaohsiung": "71", "基隆": "71", "新竹": "71", "hsinchu": "71", "嘉义": "71", "宜兰": "71", "苗栗": "71",
	"彰化": "71", "南投": "71", "云林": "71", "屏东": "71", "花莲": "71", "台东": "71", "澎湖": "71",
	// Not 东区/南区/北区 (Hong Kong districts, but 东区 is also 攀枝花's), 新北 (常州's 新北区),
	// 金门 and 连江 (福建 has counties of these names).
}

// sarPlace returns the province code of a place of 台湾, 香港 or 澳门 (a name of
// the unit itself or of a place in it, with or without 市/县/区).
func sarPlace(s string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	if p, ok := sarPlaces[k]; ok {
		return p, true
	}
	for _, suf := range []string{"特别行政区", "市", "县", "縣"} {
		if t, ok := strings.CutSuffix(k, suf); ok && t != "" {
			if p, ok := sarPlaces[t]; ok {
				return p, true
			}
		}
	}
	return "", false
}

// LoadRegions returns the Regions of the embedded counties.
func LoadRegions() (*Regions, error) {
	cs, err := Counties()
	if err != nil {
		return nil, err
	}
	return NewRegions(cs), nil
}

// NewRegions indexes counties (as Counties returns them) by code and by name. The
// names of province-level units come from the counties, plus 台湾 71, 香港 81 and
// 澳门 82. A platform's name is a name of its seat county.
func NewRegions(counties []chainmatch.County) *Regions {
	r := &Regions{
		counties:  counties,
		byCode:    make(map[string]int, len(counties)),
		provinces: map[string]string{},
		cities:    map[string]string{},
		cityProv:  map[string]string{},
		provKeys:  map[string]string{},
		cityKeys:  map[string][]string{},
		cntyKeys:  make(map[string][]int, 2*len(counties)),
		ownKeys:   map[string][]int{},
	}
	for _, p := range extraProvinceNames {
		r.provinces[p[0]] = p[1]
	}
	for i := range counties {
		c := &counties[i]
		r.byCode[c.Code] = i
		if c.Province != "" && c.ProvinceName != "" {
			r.provinces[c.Province] = c.ProvinceName
		}
		if c.City != "" && c.CityName != "" {
			if _, ok := r.cities[c.City]; !ok {
				r.cities[c.City] = c.CityName
				r.cityProv[c.City] = c.Province
			}
		}
	}
	for code, name := range r.provinces {
		for _, k := range divKeys(name) {
			r.provKeys[k] = code
		}
	}
	for _, a := range provinceAliases {
		r.provKeys[a[0]] = a[1]
	}
	for k := range r.provKeys {
		r.provList = append(r.provList, k)
	}
	sort.Slice(r.provList, func(i, j int) bool {
		if len(r.provList[i]) != len(r.provList[j]) {
			return len(r.provList[i]) > len(r.provList[j])
		}
		return r.provList[i] < r.provList[j]
	})
	cityCodes := make([]string, 0, len(r.cities))
	for code := range r.cities {
		cityCodes = append(cityCodes, code)
	}
	sort.Strings(cityCodes)
	r.cityList = map[string][]string{}
	for _, code := range cityCodes {
		name := r.cities[code]
		if strings.HasSuffix(name, "直辖县级行政区划") {
			continue // not a name anyone writes for a place
		}
		for _, k := range divKeys(name) {
			r.cityKeys[k] = appendUniqueStr(r.cityKeys[k], code)
			p := r.cityProv[code]
			r.cityList[p] = appendUniqueStr(r.cityList[p], k)
		}
	}
	for _, l := range r.cityList {
		sort.Slice(l, func(i, j int) bool {
			if len(l[i]) != len(l[j]) {
				return len(l[i]) > len(l[j])
			}
			return l[i] < l[j]
		})
	}
	for i := range counties {
		c := &counties[i]
		if c.NameEN != "" {
			k := enPlaceKey(c.NameEN)
			r.ownKeys[k] = appendUniqueInt(r.ownKeys[k], i)
		}
		for _, k := range zoneShortNames(c.Name) {
			r.ownKeys[k] = appendUniqueInt(r.ownKeys[k], i)
		}
		if c.Platform {
			r.ownKeys[c.Name] = appendUniqueInt(r.ownKeys[c.Name], i)
			if s, ok := r.byCode[c.SeatCounty]; ok {
				for _, k := range divKeys(c.Name) {
					r.cntyKeys[k] = appendUniqueInt(r.cntyKeys[k], s)
				}
			}
			continue
		}
		for _, k := range divKeys(c.Name) {
			r.cntyKeys[k] = appendUniqueInt(r.cntyKeys[k], i)
		}
	}
	return r
}

func appendUniqueStr(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func appendUniqueInt(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// Counties returns the counties r was built from, sorted by code.
func (r *Regions) Counties() []chainmatch.County { return r.counties }

// County returns the county or platform with code.
func (r *Regions) County(code string) (*chainmatch.County, bool) {
	i, ok := r.byCode[code]
	if !ok {
		return nil, false
	}
	return &r.counties[i], true
}

// Find reads a county or platform written the way a user writes it: its code or
// platform id (331122, 331122000000, 331100-edz), its name in full or as its
// stem (缙云县, 缙云), after its city or province or both (丽水市缙云县,
// 浙江丽水缙云), a platform's name, full or short (丽水经济技术开发区, 丽水经开区),
// a zone or park named after the county it lies in (利津经济开发区: zone), or an
// English name (Jinyun County, jinyun). The error is a *CountyError: no county
// has the name, several share it (朝阳区), it is a province's or a city's (浙江,
// 331100, and 通化 rather than 通化县), or it names a city's zone that has no
// platform (温州经济技术开发区).
func (r *Regions) Find(s string) (*chainmatch.County, error) {
	s = cleanPlace(s)
	if c, ok := r.County(s); ok {
		return c, nil
	}
	if l, ok := r.byCodeValue(s); ok {
		switch {
		case l.County != "":
			return &r.counties[r.byCode[l.County]], nil // a 12-digit statistical code
		case l.City != "":
			return nil, &CountyError{Input: s, Place: r.cities[l.City]}
		default:
			return nil, &CountyError{Input: s, Place: r.provinces[l.Province]}
		}
	}
	ks := r.ownKeys[s]
	if len(ks) == 0 {
		ks = r.ownKeys[enPlaceKey(s)]
	}
	// A bare stem that also names a province or a city (通化, 河南) is not taken
	// for the county of that stem (通化县, 河南蒙古族自治县): the user may mean the
	// larger place.
	place := ""
	if len(ks) == 0 {
		ks = r.countyKey(s)
		if p, ok := r.provKeys[s]; ok && utf8.RuneCountInString(s) >= 2 {
			place = r.provinces[p]
		} else if cs := r.cityKeys[s]; len(cs) > 0 {
			place = r.cities[cs[0]]
		}
	}
	// A place before the name (丽水市缙云县, 浙江丽水缙云): try each split, the
	// shortest head first.
	for i := range s {
		if len(ks) > 0 {
			break
		}
		if utf8.RuneCountInString(s[:i]) < 2 || utf8.RuneCountInString(s[i:]) < 2 {
			continue
		}
		if named := r.countyKey(s[i:]); len(named) > 0 {
			ks = r.under(s[:i], named)
		}
	}
	if len(ks) == 1 && (place == "" || r.counties[ks[0]].Name == s) {
		return &r.counties[ks[0]], nil
	}
	if len(ks) == 0 && place == "" {
		if c, err := r.zone(s); c != nil || err != nil {
			return c, err
		}
	}
	e := &CountyError{Input: s, Place: place}
	for _, i := range ks {
		e.Candidates = append(e.Candidates, &r.counties[i])
	}
	return nil, e
}

// zoneSuffixes end the names of development zones and industrial parks.
var zoneSuffixes = []string{"高新技术产业开发区", "经济技术开发区", "高新技术产业园区", "经济开发区", "工业园区",
	"产业园区", "产业集聚区", "高新区", "经开区", "开发区", "工业园", "产业园"}

// zone reads s as a development zone or an industrial park named after the
// place it lies in, as signing news names where a firm lands (利津经济开发区,
// 缙云县工业园区): a county's zone is that county; a city's zone is the city's
// platform where it has exactly one (丽水经济开发区), and otherwise an error that
// asks for the county it lies in. Both are nil when s is no such name.
func (r *Regions) zone(s string) (*chainmatch.County, error) {
	for _, suf := range zoneSuffixes {
		head, cut := strings.CutSuffix(s, suf)
		if !cut || utf8.RuneCountInString(head) < 2 {
			continue
		}
		c, err := r.Find(head)
		var ce *CountyError
		if err == nil || !errors.As(err, &ce) {
			return c, err
		}
		cities := r.cityKey(head)
		if len(ce.Candidates) > 0 || len(cities) != 1 {
			ce.Input = s // 通化开发区: 通化县's, or 通化市's; 浙江经济开发区
			return nil, ce
		}
		var platforms []*chainmatch.County
		district := ""
		for i := range r.counties {
			if k := &r.counties[i]; k.City == cities[0] {
				if k.Platform {
					platforms = append(platforms, k)
				} else if district == "" {
					district = k.Name
				}
			}
		}
		if len(platforms) == 1 {
			return platforms[0], nil
		}
		return nil, &CountyError{Input: s, Zone: r.cities[cities[0]], Example: district}
	}
	return nil, nil
}

// CountyError is why Find found no county: none has the name, several
// (Candidates) share it, the name is also a province's or a city's (Place), or
// it names a zone of a city that has no platform for it (Zone).
// It wraps chainmatch.ErrNotFound.
type CountyError struct {
	Input      string
	Candidates []*chainmatch.County
	Place      string // the province or city the input names, if any
	// Zone is the city whose development zone or park the input names, when
	// chainmatch has no platform for it; Example is a county of that city.
	Zone, Example string
}

func (e *CountyError) Error() string {
	if e.Zone != "" {
		return fmt.Sprintf("%q is a zone of %s that chainmatch has no platform for: give the county it lies in (a code or a name such as %s)", e.Input, e.Zone, e.Example)
	}
	if e.Place != "" {
		msg := fmt.Sprintf("%q is %s, not a county", e.Input, e.Place)
		switch {
		case len(e.Candidates) == 1:
			msg += fmt.Sprintf("; the county of that name is %s: give its full name or code", e.candidates())
		case len(e.Candidates) > 1:
			msg += fmt.Sprintf("; the counties of that name are %s: give a full name or code", e.candidates())
		default:
			msg += ": give one of its counties (a code or a name such as 缙云县)"
		}
		return msg
	}
	if len(e.Candidates) == 0 {
		return fmt.Sprintf("unknown county %q (a GB/T 2260 code such as 331122, a platform id such as 331100-edz, or a name such as 缙云县 or 丽水市缙云县)", e.Input)
	}
	return fmt.Sprintf("county %q names %d counties (%s): give the code, or the city before the name",
		e.Input, len(e.Candidates), e.candidates())
}

// candidates lists the first eight candidates as code and city + name.
func (e *CountyError) candidates() string {
	const show = 8
	var names []string
	for _, c := range e.Candidates[:min(show, len(e.Candidates))] {
		names = append(names, c.Code+" "+c.CityName+c.Name)
	}
	if len(e.Candidates) > show {
		names = append(names, fmt.Sprintf("and %d more", len(e.Candidates)-show))
	}
	return strings.Join(names, ", ")
}

func (e *CountyError) Unwrap() error { return chainmatch.ErrNotFound }

// under keeps the counties of ks in the place head names, read as a province, a
// city, or a province run together with a city (吉林 is both a province and a city).
func (r *Regions) under(head string, ks []int) []int {
	var out []int
	keep := func(p string, cities []string) {
		for _, i := range r.filterCounties(ks, p, cities) {
			out = appendUniqueInt(out, i)
		}
	}
	if p, ok := r.provinceKey(head); ok {
		keep(p, nil)
	}
	if cs := r.cityKey(head); len(cs) > 0 {
		keep("", cs)
	}
	if l, ok := r.parseJoined(head); ok && l.City != "" {
		keep(l.Province, []string{l.City})
	}
	return out
}

// zoneShortNames are the short names of a development zone as people write them
// (丽水经济技术开发区 → 丽水经开区, 石家庄高新技术产业开发区 → 石家庄高新区,
// 秦皇岛市经济技术开发区 → 秦皇岛经开区), none for another name.
func zoneShortNames(name string) []string {
	var out []string
	for _, z := range [][2]string{{"经济技术开发区", "经开区"}, {"高新技术产业开发区", "高新区"}, {"经济开发区", "经开区"}} {
		head, ok := strings.CutSuffix(name, z[0])
		if !ok || head == "" {
			continue
		}
		out = append(out, head+z[1])
		if h, ok := strings.CutSuffix(head, "市"); ok && utf8.RuneCountInString(h) >= 2 {
			out = append(out, h+z[1])
		}
		break
	}
	return out
}

// enPlaceKey is an English place name as Find compares it: lower case, without
// spaces, apostrophes, hyphens and the division word (Chun'an County → chunan).
func enPlaceKey(s string) string {
	s = strings.ToLower(s)
	for _, suf := range []string{" autonomous county", " county", " district", " city"} {
		if t, ok := strings.CutSuffix(s, suf); ok {
			s = t
			break
		}
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\'' || r == '-' || r == '’' {
			return -1
		}
		return r
	}, s)
}

// ProvinceName returns the name of a two-digit province code (a six-digit code is
// read as its first two digits), or "".
func (r *Regions) ProvinceName(code string) string {
	if len(code) == 6 {
		code = code[:2]
	}
	return r.provinces[code]
}

// CityName returns the name of a six-digit city code, or "". The cities of the
// municipalities are named for the municipality (110100 北京市).
func (r *Regions) CityName(code string) string {
	if len(code) == 4 {
		code += "00"
	}
	return r.cities[code]
}

// Provinces returns the province-level codes in order.
func (r *Regions) Provinces() []string {
	out := make([]string, 0, len(r.provinces))
	for c := range r.provinces {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Suffixes that division names end with, longest first; stem strips them.
var divisionSuffixes = []string{
	"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区",
	"省", "市", "盟", "县", "区", "旗",
}

// Ethnic names that precede 自治区/州/县/旗 (广西壮族自治区, 景宁畲族自治县, 博尔塔拉蒙古自治州).
var ethnicSuffixes = []string{
	"维吾尔族", "维吾尔", "哈萨克族", "哈萨克", "柯尔克孜族", "柯尔克孜", "塔吉克族", "塔吉克", "鄂伦春族", "鄂伦春",
	"鄂温克族", "达斡尔族", "蒙古族", "蒙古", "土家族", "朝鲜族", "布依族", "傈僳族", "拉祜族", "东乡族",
	"纳西族", "景颇族", "仫佬族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "保安族",
	"裕固族", "独龙族", "哈尼族", "回族", "藏族", "苗族", "彝族", "壮族", "满族", "侗族", "瑶族", "白族",
	"傣族", "黎族", "佤族", "畲族", "水族", "土族", "羌族", "布朗族", "怒族", "京族", "各族",
}

// divStem drops a division suffix and the ethnic names before 自治: 广西壮族自治区 →
// 广西, 景宁畲族自治县 → 景宁, 缙云县 → 缙云. A stem is never shorter than two
// characters (沧县 stays 沧县).
func divStem(name string) string {
	s := name
	for _, suf := range divisionSuffixes {
		if t, ok := strings.CutSuffix(s, suf); ok && utf8.RuneCountInString(t) >= 2 {
			s = t
			break
		}
	}
	for changed := true; changed; {
		changed = false
		for _, suf := range ethnicSuffixes {
			if t, ok := strings.CutSuffix(s, suf); ok && utf8.RuneCountInString(t) >= 2 {
				s, changed = t, true
				break
			}
		}
	}
	return s
}

// divKeys are the lookup keys of a name: itself and its stem.
func divKeys(name string) []string {
	s := divStem(name)
	if s == name {
		return []string{name}
	}
	return []string{name, s}
}

// cleanPlace trims spaces (also full-width) and a trailing ideographic punctuation.
func cleanPlace(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' || r == '"' })
	if s == "-" || s == "—" || s == "/" || s == "无" || s == "未知" || s == "NULL" || s == "null" {
		return ""
	}
	return s
}

// byCodeValue reads a GB/T 2260 code of any level: 33, 3311, 330000, 331100,
// 331122, or a 12-digit statistical code ending in zeros.
func (r *Regions) byCodeValue(s string) (loc Location, ok bool) {
	if len(s) == 12 && strings.HasSuffix(s, "000000") {
		s = s[:6]
	}
	switch len(s) {
	case 2:
		if _, ok := r.provinces[s]; ok {
			return Location{Province: s}, true
		}
	case 4:
		return r.byCodeValue(s + "00")
	case 6:
		if s[2:] == "0000" {
			if _, ok := r.provinces[s[:2]]; ok {
				return Location{Province: s[:2]}, true
			}
		}
		if i, ok := r.byCode[s]; ok && !r.counties[i].Platform {
			c := &r.counties[i]
			return Location{Province: c.Province, City: c.City, County: c.Code}, true
		}
		if p, ok := r.cityProv[s]; ok {
			return Location{Province: p, City: s}, true
		}
	}
	return Location{}, false
}

// Resolve places a location given as province, city and county fields, each a
// GB/T 2260 code or a Chinese name with or without its suffix (浙江/浙江省,
// 丽水/丽水市, 缙云/缙云县) or a common short form (内蒙, 广西, 新疆). A value in the
// wrong field is placed where it belongs (深圳 as a province gives 广东/深圳; 仙桃市
// as a city gives the province-administered county), a province run together with
// a city is split (浙江杭州), and a county name shared by several places (朝阳区,
// 鼓楼区) is settled by the other fields. Codes of the levels above a placed one are
// filled in. unresolved names the non-empty fields ("province", "city", "county")
// that could not be placed or that contradict the others; empty fields are simply
// unknown.
func (r *Regions) Resolve(province, city, county string) (loc Location, unresolved []string) {
	province, city, county = cleanPlace(province), cleanPlace(city), cleanPlace(county)
	switch city {
	case "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖县", "直辖县":
		city = "" // placeholders of GB/T 2260, not places
	}
	if county == "市辖区" {
		county = ""
	}
	// 台湾, 香港, 澳门 and their places: the province is all GB/T 2260 codes there.
	if p, ok := sarPlace(province); ok {
		province = p
	}
	for _, f := range []*string{&city, &county} {
		if *f == "" {
			continue
		}
		if p, ok := sarPlace(*f); ok && (province == "" || province == p) {
			province, *f = p, ""
		}
	}

	// Province.
	var provRead bool     // the province field was understood
	var cityHint []string // city codes suggested by the province field
	var cntyHint []int    // counties suggested by the province field
	if province != "" {
		if l, ok := r.byCodeValue(province); ok {
			loc.Province, provRead = l.Province, true
			if l.City != "" {
				cityHint = []string{l.City}
			}
			if l.County != "" {
				cntyHint = []int{r.byCode[l.County]}
			}
		} else if p, ok := r.provinceKey(province); ok {
			loc.Province, provRead = p, true
		} else if cs := r.cityKey(province); len(cs) > 0 {
			cityHint, provRead = cs, true // 深圳 given as the province
		} else if ks := r.countyKey(province); len(ks) > 0 {
			cntyHint, provRead = ks, true
		} else if l, ok := r.parseJoined(province); ok {
			loc.Province, provRead = l.Province, true // 浙江杭州, 浙江省杭州市西湖区
			if l.City != "" {
				cityHint = []string{l.City}
			}
			if l.County != "" {
				cntyHint = []int{r.byCode[l.County]}
			}
		}
	}

	// City: candidate city codes.
	var cities []string
	var cityFromCounty []int
	cityBad := false
	if city != "" {
		if l, ok := r.byCodeValue(city); ok && l.City != "" {
			cities = []string{l.City}
			if l.County != "" {
				cityFromCounty = []int{r.byCode[l.County]}
			}
		} else if ok && l.Province != "" && l.City == "" {
			// A province code in the city field: accept it as the province.
			if loc.Province == "" {
				loc.Province = l.Province
			}
		} else if cs := r.cityKey(city); len(cs) > 0 {
			cities = cs
		} else if ks := r.countyKey(city); len(ks) > 0 {
			cityFromCounty = ks // 仙桃市, 东莞市 (county-level) given as the city
		} else if l, ok := r.parseJoined(city); ok && l.City != "" && (loc.Province == "" || loc.Province == l.Province) {
			loc.Province = l.Province
			cities = []string{l.City}
			if l.County != "" {
				cityFromCounty = []int{r.byCode[l.County]}
			}
		} else {
			cityBad = true
		}
	}
	if len(cities) == 0 && len(cityHint) > 0 && city == "" {
		cities = cityHint
	}
	if loc.Province != "" {
		cities = filterCities(cities, r.cityProv, loc.Province)
		if city != "" && len(cities) == 0 && len(cityFromCounty) == 0 && !cityBad {
			// 北京 as a city within 浙江: a contradiction.
			cityBad = true
		}
		cityFromCounty = r.filterCounties(cityFromCounty, loc.Province, nil)
	}
	if len(cities) == 0 && len(cityFromCounty) > 0 {
		for _, i := range cityFromCounty {
			cities = appendUniqueStr(cities, r.counties[i].City)
		}
	}

	// County.
	var cands []int
	countyBad := false
	if county != "" {
		if l, ok := r.byCodeValue(county); ok {
			if l.County != "" {
				cands = []int{r.byCode[l.County]}
			} else if l.City != "" && len(cities) == 0 && (loc.Province == "" || loc.Province == l.Province) {
				cities = []string{l.City}
			} else {
				countyBad = true
			}
		} else if ks := r.countyKey(county); len(ks) > 0 {
			cands = ks
		} else if cs := r.cityKey(county); len(cs) > 0 && len(cities) == 0 {
			cities = filterCities(cs, r.cityProv, loc.Province)
		} else if l, ok := r.parseJoined(county); ok && l.County != "" && (loc.Province == "" || loc.Province == l.Province) {
			cands = []int{r.byCode[l.County]}
		} else {
			countyBad = true
		}
		if len(cands) > 0 {
			narrowed := r.filterCounties(cands, loc.Province, cities)
			if len(narrowed) == 0 && len(cities) > 0 && len(cityFromCounty) > 0 {
				narrowed = r.filterCounties(cands, loc.Province, nil)
			}
			if len(narrowed) == 0 {
				countyBad = true // contradicts the province or city
			}
			cands = narrowed
		}
	} else {
		switch {
		case len(cityFromCounty) > 0:
			cands = cityFromCounty
		case len(cntyHint) > 0 && len(cities) == 0:
			cands = r.filterCounties(cntyHint, loc.Province, nil)
		}
	}
	if len(cands) == 1 {
		c := &r.counties[cands[0]]
		loc.Province, loc.City, loc.County = c.Province, c.City, c.Code
	} else if county != "" && len(cands) > 1 {
		countyBad = true // ambiguous: 朝阳区 with nothing else to go on
	}
	if loc.City == "" && len(cities) > 0 {
		if c, ok := pickCity(cities, r.cities); ok && (loc.Province == "" || r.cityProv[c] == loc.Province) {
			loc.City = c
			if loc.Province == "" {
				loc.Province = r.cityProv[c]
			}
		} else if city != "" {
			cityBad = true
		}
	}
	if loc.County == "" && loc.City != "" && county == "" {
		// 东莞市 441900 and 中山市 442000 are cities that are their own county.
		if i, ok := r.byCode[loc.City]; ok {
			loc.County = r.counties[i].Code
		}
	}
	if province != "" && (!provRead || loc.Province == "") {
		unresolved = append(unresolved, "province")
	}
	if city != "" && (cityBad || loc.City == "") {
		unresolved = append(unresolved, "city")
	}
	if county != "" && (countyBad || loc.County == "") {
		// A city code or name in the county field placed the city; the county
		// itself is still unknown.
		unresolved = append(unresolved, "county")
	}
	return loc, unresolved
}

// pickCity chooses among candidate cities: one, or several of the same name in
// one province (重庆市's 市辖区 500100 and 县 500200 → the first).
func pickCity(cs []string, names map[string]string) (string, bool) {
	if len(cs) == 1 {
		return cs[0], true
	}
	for _, c := range cs[1:] {
		if names[c] != names[cs[0]] || c[:2] != cs[0][:2] {
			return "", false
		}
	}
	return cs[0], true
}

func filterCities(cs []string, prov map[string]string, p string) []string {
	if p == "" {
		return cs
	}
	var out []string
	for _, c := range cs {
		if prov[c] == p {
			out = append(out, c)
		}
	}
	return out
}

// filterCounties keeps the counties in province p (if set) and in one of cities
// (if any).
func (r *Regions) filterCounties(ks []int, p string, cities []string) []int {
	if p == "" && len(cities) == 0 {
		return ks
	}
	var out []int
	for _, i := range ks {
		c := &r.counties[i]
		if p != "" && c.Province != p {
			continue
		}
		if len(cities) > 0 {
			in := false
			for _, cc := range cities {
				if c.City == cc {
					in = true
					break
				}
			}
			if !in {
				continue
			}
		}
		out = append(out, i)
	}
	return out
}

func (r *Regions) provinceKey(s string) (string, bool) {
	if p, ok := r.provKeys[s]; ok {
		return p, true
	}
	p, ok := r.provKeys[divStem(s)]
	return p, ok
}

func (r *Regions) cityKey(s string) []string {
	if cs, ok := r.cityKeys[s]; ok {
		return cs
	}
	return r.cityKeys[divStem(s)]
}

func (r *Regions) countyKey(s string) []int {
	if ks, ok := r.cntyKeys[s]; ok {
		return ks
	}
	return r.cntyKeys[divStem(s)]
}

// LeadingPlace reads the place a name begins with: a province, a
// prefecture-level city, or a province then one of its cities, each written in
// full or as its stem (浙江省杭州市, 浙江杭州, 杭州, 上海), and returns their codes
// and the rest of the name. Only whole names of places count (上海擎朗 begins with
// 上海, not with a place 上海擎); counties do not (长安, 平安 and 光明 are also
// trade names). A city name shared by several cities gives no city. ok is false
// when the name begins with no place.
func (r *Regions) LeadingPlace(s string) (province, city, rest string, ok bool) {
	// Keys are whole names or stems of two to ten characters: look up the
	// name's leading runs, longest first.
	heads := func(s string) []int {
		var ends []int
		n := 0
		for i := range s {
			if n >= 2 {
				ends = append(ends, i)
			}
			if n++; n > 10 {
				break
			}
		}
		if n >= 2 && n <= 10 {
			ends = append(ends, len(s))
		}
		slices.Reverse(ends)
		return ends
	}
	rest = s
	for _, e := range heads(rest) {
		if p, found := r.provKeys[rest[:e]]; found {
			province, rest, ok = p, rest[e:], true
			break
		}
	}
	for _, e := range heads(rest) {
		cs := r.cityKeys[rest[:e]]
		if province != "" {
			cs = filterCities(cs, r.cityProv, province)
		}
		if len(cs) == 0 {
			continue
		}
		if len(cs) == 1 {
			city, rest, ok = cs[0], rest[e:], true
			province = r.cityProv[city]
		}
		break
	}
	if !ok {
		return "", "", s, false
	}
	return province, city, rest, true
}

// parseJoined reads a province run together with a city and perhaps a county
// (浙江杭州, 浙江省杭州市西湖区, 广东深圳南山). It is the slow path: a loop over the
// province's names and its cities' names.
func (r *Regions) parseJoined(s string) (Location, bool) {
	for _, k := range r.provList {
		rest, ok := strings.CutPrefix(s, k)
		if !ok || rest == "" || utf8.RuneCountInString(k) < 2 {
			continue
		}
		p := r.provKeys[k]
		loc := Location{Province: p}
		for _, ck := range r.cityList[p] {
			crest, ok := strings.CutPrefix(rest, ck)
			if !ok {
				continue
			}
			cs := filterCities(r.cityKeys[ck], r.cityProv, p)
			if len(cs) == 0 {
				continue
			}
			loc.City = cs[0]
			if crest != "" {
				if ks := r.filterCounties(r.countyKey(crest), p, cs); len(ks) == 1 {
					c := &r.counties[ks[0]]
					loc.City, loc.County = c.City, c.Code
				}
			}
			return loc, true
		}
		if ks := r.filterCounties(r.countyKey(rest), p, nil); len(ks) == 1 {
			c := &r.counties[ks[0]]
			loc.City, loc.County = c.City, c.Code
		}
		return loc, true
	}
	return Location{}, false
}
