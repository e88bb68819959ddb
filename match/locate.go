package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// Where a record's location comes from (Pool.locFrom).
const (
	locNone     uint8 = iota // nothing known
	locProvince              // only the province: no distance is claimed from its centroid
	locCity                  // the city, not the county
	locCounty                // the record's own county code
	locAddress               // a county name found in the record's address
	locProfile               // a county profile names the firm as registered there
	locNamed                 // the city the record's name begins with, in the province it gives
)

// namedRef is a county profile's named enterprise as the pool matches it.
type namedRef struct {
	county int // index into Pool.counties
	ent    int // index into the county's Enterprises
}

// locator resolves what the importer could not: a county named in an address, and
// the firms county profiles name (chainmatch.ProfileEnterprise).
type locator struct {
	// byName maps a county-level name with its suffix (缙云县, 龙泉市) to the
	// counties of that name (a few names repeat across provinces).
	byName map[string][]int
	names  []string // the keys of byName, longest first
	// named maps a normalised enterprise name, English name or alias to the
	// profile entries that name it.
	named map[string][]namedRef
	// cities holds, per province, its prefecture-level cities named …市, by the
	// name without 市 (丽水 → 331100), longest first; provStem the province's
	// name in full and, for a 省, without it (浙江省, 浙江). A city whose stem
	// begins the province's name (吉林市 in 吉林省, the municipalities) is left
	// out: the name would not tell them apart.
	cities   map[uint8][]cityStem
	provStem map[uint8][]string
}

type cityStem struct {
	stem string
	code int32
}

func newLocator(counties []chainmatch.County) *locator {
	l := &locator{byName: map[string][]int{}, named: map[string][]namedRef{},
		cities: map[uint8][]cityStem{}, provStem: map[uint8][]string{}}
	for i := range counties {
		c := &counties[i]
		l.addCity(c)
		if !c.Platform && len([]rune(c.Name)) >= 2 {
			if _, ok := l.byName[c.Name]; !ok {
				l.names = append(l.names, c.Name)
			}
			l.byName[c.Name] = append(l.byName[c.Name], i)
		}
		for k := range c.Enterprises {
			e := &c.Enterprises[k]
			for _, n := range append([]string{e.Name, e.NameEN}, e.Aliases...) {
				if n = chainmatch.NormalizeName(n); n != "" {
					l.named[n] = appendUnique(l.named[n], namedRef{i, k})
				}
			}
		}
	}
	// Longest first, so 阿拉善左旗 wins over a shorter name inside it.
	for i := 1; i < len(l.names); i++ {
		for j := i; j > 0 && len(l.names[j]) > len(l.names[j-1]); j-- {
			l.names[j], l.names[j-1] = l.names[j-1], l.names[j]
		}
	}
	return l
}

// addCity records c's city and province names for cityFromName.
func (l *locator) addCity(c *chainmatch.County) {
	prov, city := provNum(c.Province), codeNum(c.City)
	stem, ok := strings.CutSuffix(c.CityName, "市")
	if c.Platform || prov == 0 || city == 0 || !ok || utf8.RuneCountInString(stem) < 2 ||
		strings.HasPrefix(c.ProvinceName, stem) {
		return
	}
	if l.provStem[prov] == nil {
		l.provStem[prov] = []string{c.ProvinceName}
		if s, ok := strings.CutSuffix(c.ProvinceName, "省"); ok {
			l.provStem[prov] = append(l.provStem[prov], s)
		}
	}
	cs := l.cities[prov]
	for _, x := range cs {
		if x.code == city {
			return
		}
	}
	cs = append(cs, cityStem{stem, city})
	for j := len(cs) - 1; j > 0 && len(cs[j].stem) > len(cs[j-1].stem); j-- {
		cs[j], cs[j-1] = cs[j-1], cs[j]
	}
	l.cities[prov] = cs
}

// cityFromName returns the city of province prov that name begins with, after
// the province's own name if it begins with that (宁波华翔, 丽水某某电子有限公司,
// 浙江丽水某某有限公司), else 0. A Chinese enterprise name begins with the
// division whose authority registered it (行政区划 + 字号 + 行业 + 组织形式,
// 企业名称登记管理规定), and a listed short name keeps it (宁波银行). The name
// only refines the province the record gives: it never places a record alone, and
// it never gives the county (青田, 龙泉 and 长安 are also trade names, and a county
// would make the firm local to it). A county's name written with its suffix
// (缙云县某某有限公司) gives that county's city.
func (l *locator) cityFromName(counties []chainmatch.County, name string, prov uint8) int32 {
	name = l.afterProvince(name, prov)
	for _, c := range l.cities[prov] {
		if rest, ok := strings.CutPrefix(name, c.stem); ok && utf8.RuneCountInString(rest) >= 2 {
			return c.code
		}
	}
	var city int32
	for _, k := range l.byName[l.countyPrefix(name)] {
		if c := &counties[k]; provNum(c.Province) == prov {
			if city != 0 && city != codeNum(c.City) {
				return 0 // two counties of the name in the province
			}
			city = codeNum(c.City)
		}
	}
	return city
}

// afterProvince is name without the name of province prov it begins with
// (浙江省, 浙江), if any.
func (l *locator) afterProvince(name string, prov uint8) string {
	for _, s := range l.provStem[prov] {
		if rest, ok := strings.CutPrefix(name, s); ok {
			return rest
		}
	}
	return name
}

// countyPrefix is the county-level name with its suffix (缙云县, 龙泉市, 阿拉善左旗)
// that name begins with, the longest, followed by at least two more characters;
// "" when none. It reads at most the first ten characters.
func (l *locator) countyPrefix(name string) string {
	best, n := "", 0
	for i, r := range name {
		if n++; n > 10 {
			break
		}
		if end := i + utf8.RuneLen(r); strings.ContainsRune("县区市旗", r) && l.byName[name[:end]] != nil &&
			utf8.RuneCountInString(name[end:]) >= 2 {
			best = name[:end]
		}
	}
	return best
}

// refs returns the profile entries naming e.
func (l *locator) refs(e *chainmatch.Enterprise) []namedRef {
	var out []namedRef
	for _, n := range []string{e.Name, e.NameEN} {
		for _, r := range l.named[chainmatch.NormalizeName(n)] {
			out = appendUnique(out, r)
		}
	}
	return out
}

// fromAddress returns the county an address names: the longest county-level name
// in it, among counties of that name the one whose city or province the record
// (or the address) names; −1 when none or still ambiguous.
func (l *locator) fromAddress(counties []chainmatch.County, addr string, city int32, prov uint8) int {
	if addr == "" {
		return -1
	}
	for _, name := range l.names {
		if !strings.Contains(addr, name) {
			continue
		}
		var fit []int
		for _, k := range l.byName[name] {
			c := &counties[k]
			switch {
			case city != 0 && codeNum(c.City) == city,
				city == 0 && prov != 0 && provNum(c.Province) == prov,
				city == 0 && prov == 0 && (strings.Contains(addr, c.CityName) && c.CityName != "" ||
					len(l.byName[name]) == 1):
				fit = append(fit, k)
			}
		}
		if len(fit) == 1 {
			return fit[0]
		}
		return -1
	}
	return -1
}

// locate completes a record's location before it is stored: a county found in its
// address, else the county of a profile that names the firm as registered there
// (only when the record gives no county and no contradicting province), else, for
// a record that gives its province and no city, the city its name begins with
// (cityFromName). It returns the location and where it came from.
func (p *Pool) locate(e *chainmatch.Enterprise, county, city int32, prov uint8, ci int32) (int32, int32, uint8, int32, uint8) {
	from := locNone
	switch {
	case county != 0:
		from = locCounty
	case city != 0:
		from = locCity
	case prov != 0:
		from = locProvince
	}
	if county != 0 {
		return county, city, prov, ci, from
	}
	place := func(k int, how uint8) (int32, int32, uint8, int32, uint8) {
		c := &p.counties[k]
		n := codeNum(c.Code)
		return n, n / 100 * 100, uint8(n / 10000), int32(k), how
	}
	if k := p.loc.fromAddress(p.counties, e.Address, city, prov); k >= 0 {
		return place(k, locAddress)
	}
	for _, r := range p.loc.refs(e) {
		c := &p.counties[r.county]
		pe := &c.Enterprises[r.ent]
		if !pe.Registered || !pe.Local() || c.Platform {
			continue
		}
		if (prov != 0 && provNum(c.Province) != prov) || (city != 0 && codeNum(c.City) != city) {
			continue
		}
		return place(r.county, locProfile)
	}
	if city == 0 && prov != 0 {
		if c := p.loc.cityFromName(p.counties, e.Name, prov); c != 0 {
			return county, c, prov, ci, locNamed
		}
	}
	return county, city, prov, ci, from
}

// addLocal appends the per-record columns of this file: where the location came
// from, the home county (code) of a profile naming the firm as local there, and the
// country of a foreign-funded firm when its record says it (countryOf).
func (p *Pool) addLocal(e *chainmatch.Enterprise, from uint8) {
	p.locFrom = append(p.locFrom, from)
	var home int32
	for _, r := range p.loc.refs(e) {
		c := &p.counties[r.county]
		if c.Enterprises[r.ent].Local() {
			home = codeNum(c.HomeCounty())
			break
		}
	}
	p.localOf = append(p.localOf, home)
	p.hasRef = append(p.hasRef, len(p.loc.refs(e)) > 0)
	p.country = append(p.country, countryOf(e))
}

// foreignName reports whether e is named only in a foreign script and has no
// USCC. A firm registered in mainland China has a USCC and a name in standard
// Chinese characters (企业名称登记管理规定), so "Northvolt AB" or "PTC Inc." is a
// foreign company, or a Chinese firm named by its English name ("BYD Company
// Limited"). Either way the record carries no registration, and the mainland
// province and city a list files it under (a list of Shenzhen battery firms) are
// not where it is: Pool.Add drops them unless the record also gives a county or
// coordinates, or its name names that city (Pfizer Inc. Shanghai: an office
// there, namesCity); an address naming a county still places it. Hong Kong,
// Macau and Taiwan, where names in English are usual, are kept.
func foreignName(e *chainmatch.Enterprise) bool {
	if e.USCC != "" {
		return false
	}
	letters := false
	for _, r := range e.Name {
		if unicode.Is(unicode.Han, r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

// cityEN holds the English names of the cities foreign firms most often name
// their offices after: the municipalities, the provincial capitals, the cities
// specifically designated in the state plan and four more manufacturing
// centres. Keys are the first four digits of the GB/T 2260 city code.
var cityEN = map[int32]string{
	1101: "Beijing", 1201: "Tianjin", 3101: "Shanghai", 5001: "Chongqing",
	1301: "Shijiazhuang", 1401: "Taiyuan", 1501: "Hohhot", 2101: "Shenyang", 2102: "Dalian",
	2201: "Changchun", 2301: "Harbin", 3201: "Nanjing", 3202: "Wuxi", 3204: "Changzhou",
	3205: "Suzhou", 3301: "Hangzhou", 3302: "Ningbo", 3401: "Hefei", 3501: "Fuzhou",
	3502: "Xiamen", 3601: "Nanchang", 3701: "Jinan", 3702: "Qingdao", 4101: "Zhengzhou",
	4201: "Wuhan", 4301: "Changsha", 4401: "Guangzhou", 4403: "Shenzhen", 4406: "Foshan",
	4419: "Dongguan", 4501: "Nanning", 4601: "Haikou", 5101: "Chengdu", 5201: "Guiyang",
	5301: "Kunming", 5401: "Lhasa", 6101: "Xi'an", 6201: "Lanzhou", 6301: "Xining",
	6401: "Yinchuan", 6501: "Urumqi",
}

// namesCity reports whether name holds the English name of city (a six-digit
// code) as a word of its own, case aside: "Palo Alto Networks Beijing" names
// 110100; "Suzhou" names only the city the record is filed under.
func namesCity(name string, city int32) bool {
	en := cityEN[city/100]
	if en == "" {
		return false
	}
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		if strings.EqualFold(w, en) || strings.EqualFold(w, strings.ReplaceAll(en, "'", "")) {
			return true
		}
	}
	return false
}

// provinceOnly reports whether record i is placed only by its province (no
// lat/lon, no city): its point is a province centroid, not a place.
func (p *Pool) provinceOnly(i int32) bool { return p.locFrom[i] == locProvince && !p.ptExact[i] }

// isLocal reports whether record i is the county's (home is its home county code):
// located there, or named as local by the county's profile.
func (p *Pool) isLocal(i int32, home int32) bool {
	return home != 0 && (p.county[i] == home || p.localHome(i) == home)
}

// countries maps words that name a country in a firm's name to ISO 3166 codes:
// an explicit country column wins (Extra "country" or 国别/投资方国别); else a
// country named in the Chinese or English name (日本, 株式会社, GmbH ...); Hong
// Kong, Macau and Taiwan records by their province code.
var countries = []struct{ word, code string }{
	{"株式会社", "JP"}, {"日本", "JP"}, {"Japan", "JP"}, {"新加坡", "SG"}, {"Singapore", "SG"},
	{"Pte", "SG"}, {"德国", "DE"}, {"GmbH", "DE"}, {"Germany", "DE"}, {"美国", "US"},
	{"Inc.", "US"}, {"USA", "US"}, {"韩国", "KR"}, {"Korea", "KR"}, {"法国", "FR"},
	{"France", "FR"}, {"意大利", "IT"}, {"Italy", "IT"}, {"S.p.A", "IT"}, {"英国", "GB"},
	{"UK", "GB"}, {"瑞士", "CH"}, {"荷兰", "NL"}, {"澳大利亚", "AU"}, {"Australia", "AU"},
	{"西班牙", "ES"}, {"瑞典", "SE"}, {"加拿大", "CA"},
}

func countryOf(e *chainmatch.Enterprise) [2]byte {
	code := ""
	for _, k := range []string{"country", "国别", "投资方国别", "国家"} {
		if v := strings.TrimSpace(e.Extra[k]); len(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' {
			code = v
			break
		}
	}
	if code == "" {
		switch e.Province {
		case "81":
			code = "HK"
		case "82":
			code = "MO"
		case "71":
			code = "TW"
		}
	}
	if code == "" && e.HasTag(chainmatch.TagForeignFunded) {
		for _, c := range countries {
			if strings.Contains(e.Name, c.word) || strings.Contains(e.NameEN, c.word) {
				code = c.code
				break
			}
		}
	}
	if len(code) != 2 {
		return [2]byte{}
	}
	return [2]byte{code[0], code[1]}
}
