package chainmatch

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names returns every name of e that identifies it: the name, the English name and
// the aliases, normalised (NormalizeName), without repeats, in that order.
func (e *Enterprise) Names() []string {
	out := make([]string, 0, 2+len(e.Aliases))
	add := func(s string) {
		k := NormalizeName(s)
		if k == "" {
			return
		}
		for _, x := range out {
			if x == k {
				return
			}
		}
		out = append(out, k)
	}
	add(e.Name)
	add(e.NameEN)
	for _, a := range e.Aliases {
		add(a)
	}
	return out
}

// MatchKeys are the keys that link records of one firm across sources: "n:" and
// each name of Names and the NameCore of each (比亚迪 links 深圳市比亚迪股份有限公司),
// and "t:" with the exchange and ticker of a listed firm.
func (e *Enterprise) MatchKeys() []string {
	names := e.Names()
	out := make([]string, 0, 2*len(names)+1)
	add := func(k string) {
		for _, x := range out {
			if x == k {
				return
			}
		}
		out = append(out, k)
	}
	for _, n := range names {
		add("n:" + n)
	}
	for _, n := range names {
		if c := NameCore(n); c != n && c != "" {
			add("n:" + c)
		}
	}
	if e.Ticker != "" && e.Exchange != "" {
		add("t:" + e.Exchange + ":" + e.Ticker)
	}
	return out
}

// nameRank orders candidate primary names: a registered Chinese name (…公司,
// …集团) before another Chinese name (a short name such as 比亚迪) before the name
// of a unit of a company (中兴通讯股份有限公司福州分公司, …公司福州研究所: the
// company's name and more) before a name without Chinese characters (BYD
// Company Limited). A merged record of a company and its branch is the company.
func nameRank(s string) int {
	hasHan := false
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			hasHan = true
			break
		}
	}
	switch {
	case !hasHan:
		return 0
	case companyUnit(s):
		return 1
	case strings.Contains(s, "公司") || strings.Contains(s, "有限合伙"):
		return 3
	}
	for _, suf := range []string{"集团", "厂", "研究院", "研究所", "中心", "合作社", "事务所"} {
		if strings.HasSuffix(s, suf) {
			return 3
		}
	}
	return 2
}

// companyUnit reports whether s names a unit of a company: Chinese text after
// its first 公司 (…有限公司福州分公司), other than a bracketed note such as
// （有限合伙）.
func companyUnit(s string) bool {
	i := strings.Index(s, "公司")
	if i < 0 {
		return false
	}
	rest := strings.TrimSpace(s[i+len("公司"):])
	if rest == "" || strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（") {
		return false
	}
	for _, r := range rest {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// betterName reports whether a is the better primary name than b: by nameRank,
// then the longer (the fuller form), then the first in byte order, so the name
// a merged record keeps is the same whatever order its sources came in.
func betterName(a, b string) bool {
	if ra, rb := nameRank(a), nameRank(b); ra != rb {
		return ra > rb
	}
	if la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b); la != lb {
		return la > lb
	}
	return a < b
}

// mergedField is one field of an enterprise as MergeEnterprise sees it.
type mergedField struct {
	key   string
	has   func(e *Enterprise) bool
	take  func(dst, src *Enterprise)
	clear func(e *Enterprise)
}

// mergedFields are the scalar fields merged one by one; the location (province,
// city, county), names, text, tags, events and extra have their own rules.
var mergedFields = []mergedField{
	{"address", func(e *Enterprise) bool { return e.Address != "" }, func(d, s *Enterprise) { d.Address = s.Address }, func(e *Enterprise) { e.Address = "" }},
	{"lat", func(e *Enterprise) bool { return e.Lat != nil && e.Lon != nil }, func(d, s *Enterprise) { d.Lat, d.Lon = s.Lat, s.Lon }, func(e *Enterprise) { e.Lat, e.Lon = nil, nil }},
	{"founded", func(e *Enterprise) bool { return e.Founded != "" }, func(d, s *Enterprise) { d.Founded = s.Founded }, func(e *Enterprise) { e.Founded = "" }},
	{"registered_capital_wan", func(e *Enterprise) bool { return e.RegisteredCapitalWan != nil },
		func(d, s *Enterprise) { d.RegisteredCapitalWan, d.Currency = s.RegisteredCapitalWan, s.Currency },
		func(e *Enterprise) { e.RegisteredCapitalWan, e.Currency = nil, "" }},
	{"employees", func(e *Enterprise) bool { return e.Employees != nil }, func(d, s *Enterprise) { d.Employees = s.Employees }, func(e *Enterprise) { e.Employees = nil }},
	{"revenue_wan", func(e *Enterprise) bool { return e.RevenueWan != nil }, func(d, s *Enterprise) { d.RevenueWan = s.RevenueWan }, func(e *Enterprise) { e.RevenueWan = nil }},
	{"industry_code", func(e *Enterprise) bool { return e.IndustryCode != "" }, func(d, s *Enterprise) { d.IndustryCode = s.IndustryCode }, func(e *Enterprise) { e.IndustryCode = "" }},
	{"industry", func(e *Enterprise) bool { return e.Industry != "" }, func(d, s *Enterprise) { d.Industry = s.Industry }, func(e *Enterprise) { e.Industry = "" }},
	{"ticker", func(e *Enterprise) bool { return e.Ticker != "" }, func(d, s *Enterprise) { d.Exchange, d.Ticker = s.Exchange, s.Ticker }, func(e *Enterprise) { e.Exchange, e.Ticker = "", "" }},
	{"patents", func(e *Enterprise) bool { return e.Patents != nil }, func(d, s *Enterprise) { d.Patents = s.Patents }, func(e *Enterprise) { e.Patents = nil }},
	{"branches", func(e *Enterprise) bool { return len(e.Branches) > 0 }, func(d, s *Enterprise) { d.Branches = s.Branches }, func(e *Enterprise) { e.Branches = nil }},
}

// locSig is the significant prefix of a location: the county code, else the
// city code without its trailing 00, else the province code.
func locSig(province, city, county string) string {
	switch {
	case county != "":
		return strings.TrimSuffix(county, "00") // 441900 东莞 is a city that is its own county
	case city != "":
		return strings.TrimSuffix(city, "00")
	}
	return province
}

// LocationsAgree reports whether two locations can be the same place: one is
// unknown, or one lies within the other (浙江 and 杭州市; 杭州市 and 西湖区).
func LocationsAgree(a, b *Enterprise) bool {
	sa, sb := locSig(a.Province, a.City, a.County), locSig(b.Province, b.City, b.County)
	return strings.HasPrefix(sa, sb) || strings.HasPrefix(sb, sa)
}

// MergeEnterprise folds src, another record of the same firm, into dst, keeping
// in dst.Provenance which source said each field and as of when. A field src
// gives fills dst's when dst lacks it, and replaces it when dst's value is from
// src's own source or dated earlier than src; business scope and products from
// different sources are joined; tags, aliases, signals, risks, node tags and extra
// columns are united (an extra column dst has stays), and so are the industry
// labels of two rows of one source merged without replace. Of two names the
// registered Chinese one (…公司) stays the name and the other becomes an alias
// (an English one the English name when there is none). The id, and the USCC when
// dst has one, stay dst's.
//
// When replace is set, src is a newer statement of one source: a field dst has
// only from src's source and src no longer gives is dropped. Rows of one file
// merge without replace (each adds to what the others said).
func MergeEnterprise(dst, src *Enterprise, replace bool) {
	if dst.Provenance == nil {
		dst.Provenance = map[string]FieldSource{}
		for k := range fieldKeys(dst) {
			dst.Provenance[k] = FieldSource{Source: dst.Source, AsOf: dst.AsOf}
		}
	}
	from := FieldSource{Source: src.Source, AsOf: src.AsOf}
	// wins reports whether src's value of field k replaces dst's: src's source
	// said it, or src is dated later. Otherwise the first source keeps the field,
	// so importing the sources again, in any order, changes nothing.
	wins := func(k string) bool {
		p, ok := dst.Provenance[k]
		if !ok || p.Source == from.Source {
			return true
		}
		if from.AsOf != "" && p.AsOf != "" && from.AsOf != p.AsOf {
			return p.AsOf < from.AsOf
		}
		return from.Source < p.Source
	}
	// stale reports whether dst's field k was said only by src's source.
	stale := func(k string) bool {
		p, ok := dst.Provenance[k]
		return replace && ok && p.Source == from.Source
	}
	set := func(k string) { dst.Provenance[k] = srcProvenance(src, k, from) }

	if dst.USCC == "" && src.USCC != "" {
		dst.USCC = src.USCC
		set("uscc")
	}
	mergeNames(dst, src)
	// Location: the finer of two places that agree; src's where they disagree and src wins.
	if src.Province != "" || src.City != "" || src.County != "" {
		sd, ss := locSig(dst.Province, dst.City, dst.County), locSig(src.Province, src.City, src.County)
		finer := len(ss) > len(sd) && strings.HasPrefix(ss, sd)
		agree := strings.HasPrefix(sd, ss) || finer
		if finer || !agree && wins("province") {
			dst.Province, dst.City, dst.County = src.Province, src.City, src.County
			for _, k := range []string{"province", "city", "county"} {
				delete(dst.Provenance, k)
				if (&Enterprise{Province: src.Province, City: src.City, County: src.County}).has(k) {
					set(k)
				}
			}
		}
	}
	for _, f := range mergedFields {
		switch {
		case f.key == "industry" && !replace && f.has(src) && f.has(dst) && dst.Provenance[f.key].Source == from.Source:
			// Two rows of one source label the firm each in its own way
			// (3C电子, 半导体): both labels count, in an order that does not
			// depend on the rows'.
			dst.Industry = unionLabels(dst.Industry, src.Industry)
			set(f.key)
		case f.has(src) && (!f.has(dst) || wins(f.key)):
			f.take(dst, src)
			set(f.key)
		case !f.has(src) && f.has(dst) && stale(f.key):
			f.clear(dst)
			delete(dst.Provenance, f.key)
		}
	}
	for _, t := range []struct {
		key string
		p   *string
		s   string
	}{{"scope", &dst.Scope, src.Scope}, {"products", &dst.Products, src.Products}} {
		switch {
		case t.s == "":
			if stale(t.key) {
				*t.p = ""
				delete(dst.Provenance, t.key)
			}
		case *t.p == "" || replace && stale(t.key):
			*t.p = t.s
			set(t.key)
		case !strings.Contains(*t.p, t.s):
			if strings.Contains(t.s, *t.p) {
				*t.p = t.s
			} else {
				*t.p += "；" + t.s
			}
			set(t.key)
		}
	}
	// Tags, each with its own provenance.
	kept := dst.Tags[:0:0]
	for _, t := range dst.Tags {
		if !src.HasTag(t) && stale("tags."+string(t)) {
			delete(dst.Provenance, "tags."+string(t))
			continue
		}
		kept = append(kept, t)
	}
	dst.Tags = kept
	for _, t := range src.Tags {
		if !dst.HasTag(t) {
			dst.Tags = append(dst.Tags, t)
			set("tags." + string(t))
		}
	}
	dst.Signals = unionEvents(dst.Signals, src.Signals)
	dst.Risks = unionEvents(dst.Risks, src.Risks)
	dst.NodeTags = unionNodeTags(dst.NodeTags, src.NodeTags)
	for k, v := range src.Extra {
		if dst.Extra == nil {
			dst.Extra = map[string]string{}
		}
		if _, ok := dst.Extra[k]; !ok || !replace {
			dst.Extra[k] = v
		}
	}
	for _, part := range strings.Split(src.Source, "; ") {
		switch {
		case part == "" || containsPart(dst.Source, part):
		case dst.Source == "":
			dst.Source = part
		default:
			dst.Source += "; " + part
		}
	}
	if src.AsOf > dst.AsOf {
		dst.AsOf = src.AsOf
	}
	// One source, one date: the record's own source and as_of say it all.
	single := FieldSource{Source: dst.Source, AsOf: dst.AsOf}
	for _, p := range dst.Provenance {
		if p != single {
			return
		}
	}
	dst.Provenance = nil
}

// srcProvenance is the provenance of src's field k: its own, once src is itself
// a merged record, else src's source and date.
func srcProvenance(src *Enterprise, k string, from FieldSource) FieldSource {
	if p, ok := src.Provenance[k]; ok {
		return p
	}
	return from
}

// unionLabels joins the industry labels of a and b (each perhaps already a
// "；"-joined list), each once, in byte order.
func unionLabels(a, b string) string {
	parts := append(strings.Split(a, "；"), strings.Split(b, "；")...)
	slices.Sort(parts)
	return strings.Join(slices.Compact(parts), "；")
}

func containsPart(list, s string) bool {
	for _, p := range strings.Split(list, "; ") {
		if p == s {
			return true
		}
	}
	return false
}

// has reports whether e has field k (a JSON key) set.
func (e *Enterprise) has(k string) bool {
	switch k {
	case "province":
		return e.Province != ""
	case "city":
		return e.City != ""
	case "county":
		return e.County != ""
	case "uscc":
		return e.USCC != ""
	case "name_en":
		return e.NameEN != ""
	case "scope":
		return e.Scope != ""
	case "products":
		return e.Products != ""
	}
	for _, f := range mergedFields {
		if f.key == k {
			return f.has(e)
		}
	}
	return false
}

// fieldKeys are the provenance keys of the fields e has.
func fieldKeys(e *Enterprise) map[string]bool {
	out := map[string]bool{}
	for _, k := range []string{"uscc", "name_en", "province", "city", "county", "scope", "products"} {
		if e.has(k) {
			out[k] = true
		}
	}
	for _, f := range mergedFields {
		if f.has(e) {
			out[f.key] = true
		}
	}
	for _, t := range e.Tags {
		out["tags."+string(t)] = true
	}
	return out
}

// mergeNames settles dst's name, English name and aliases given src's.
func mergeNames(dst, src *Enterprise) {
	names := []string{dst.Name, src.Name}
	if betterName(src.Name, dst.Name) {
		names[0], names[1] = src.Name, dst.Name
	}
	dst.Name = names[0]
	others := append([]string(nil), dst.Aliases...)
	others = append(others, names[1], dst.NameEN, src.NameEN)
	others = append(others, src.Aliases...)
	if dst.NameEN == "" {
		dst.NameEN = src.NameEN
	}
	if dst.NameEN == "" && nameRank(names[1]) == 0 {
		dst.NameEN = names[1]
	}
	seen := map[string]bool{NormalizeName(dst.Name): true, NormalizeName(dst.NameEN): true, "": true}
	var aliases []string
	for _, a := range others {
		a = strings.TrimSpace(a)
		k := NormalizeName(a)
		if seen[k] {
			continue
		}
		seen[k] = true
		aliases = append(aliases, a)
	}
	dst.Aliases = aliases
}

func unionEvents(a, b []Event) []Event {
	for _, ev := range b {
		dup := false
		for _, x := range a {
			if x.Type == ev.Type && x.Date == ev.Date && x.Detail == ev.Detail {
				dup = true
				break
			}
		}
		if !dup {
			a = append(a, ev)
		}
	}
	return a
}

// unionNodeTags keeps one tag per chain node, the more confident one.
func unionNodeTags(a, b []NodeTag) []NodeTag {
	if len(b) == 0 {
		return a
	}
	out := append([]NodeTag(nil), a...)
	for _, t := range b {
		i := len(out)
		for j := range out {
			if out[j].Chain == t.Chain && out[j].Node == t.Node {
				i = j
				break
			}
		}
		switch {
		case i == len(out):
			out = append(out, t)
		case t.Confidence > out[i].Confidence:
			out[i] = t
		}
	}
	return out
}
