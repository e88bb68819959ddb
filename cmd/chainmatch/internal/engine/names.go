package engine

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// nameIndex finds enterprises by the name an outcome or a news report gives: the
// registered name, the English name, or a short name. It keys every record by its
// normalised name (chainmatch.NormalizeName) and by its core name: the normalised
// name without a leading place (province, city or county, with or without its
// suffix, and a bracketed place such as (天津)) and without trailing company forms
// (股份有限公司, 有限责任公司, 有限公司, 集团, 股份, 公司, co., ltd ...). 美的集团 and
// 美的集团股份有限公司 share the core 美的; 深圳市比亚迪股份有限公司 and 比亚迪 share 比亚迪.
type nameIndex struct {
	pool   *match.Pool
	places []string // normalised place names, longest first
	full   map[string][]uint32
	core   map[string][]uint32
}

// companyForms are stripped from the end of a name, longest first, repeatedly.
var companyForms = []string{"股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司",
	"集团", "股份", "公司", "companylimited", "co.,ltd.", "co.,ltd", "co.ltd", "limited", "ltd.",
	"ltd", "inc.", "inc", "corporation", "corp.", "corp", "group", "co."}

func newNameIndex(p *match.Pool, counties []chainmatch.County) *nameIndex {
	seen := map[string]bool{}
	var places []string
	addPlace := func(s string) {
		s = chainmatch.NormalizeName(s)
		if utf8.RuneCountInString(s) >= 2 && !seen[s] {
			seen[s] = true
			places = append(places, s)
		}
	}
	for i := range counties {
		c := &counties[i]
		for _, n := range []string{c.ProvinceName, c.CityName, c.Name} {
			addPlace(n)
			for _, suf := range []string{"特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "自治州", "地区", "省", "市", "区", "县"} {
				if t, ok := strings.CutSuffix(n, suf); ok && utf8.RuneCountInString(t) >= 2 {
					addPlace(t)
				}
			}
		}
	}
	slices.SortFunc(places, func(a, b string) int { return len(b) - len(a) })
	x := &nameIndex{pool: p, places: places, full: map[string][]uint32{}, core: map[string][]uint32{}}
	p.Names(func(seq uint32, name, nameEN string) {
		for _, n := range []string{name, nameEN} {
			if n == "" {
				continue
			}
			k := chainmatch.NormalizeName(n)
			x.full[k] = appendOnce(x.full[k], seq)
			if c := x.coreName(k); c != "" {
				x.core[c] = appendOnce(x.core[c], seq)
			}
		}
	})
	return x
}

func appendOnce(s []uint32, v uint32) []uint32 {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// coreName strips a leading place and trailing company forms from a normalised
// name; "" when less than two characters would remain.
func (x *nameIndex) coreName(n string) string {
	// A bracketed place anywhere: 世纪亿康(天津)医疗科技 → 世纪亿康医疗科技.
	for {
		i := strings.IndexByte(n, '(')
		j := strings.IndexByte(n, ')')
		if i < 0 || j < i {
			break
		}
		inner := n[i+1 : j]
		if !x.isPlace(inner) {
			break
		}
		n = n[:i] + n[j+1:]
	}
	for _, pl := range x.places {
		if rest, ok := strings.CutPrefix(n, pl); ok && utf8.RuneCountInString(rest) >= 2 {
			n = rest
			break
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range companyForms {
			if rest, ok := strings.CutSuffix(n, f); ok && utf8.RuneCountInString(rest) >= 2 {
				n, changed = strings.TrimRight(rest, " ,."), true
			}
		}
	}
	if utf8.RuneCountInString(n) < 2 {
		return ""
	}
	return n
}

func (x *nameIndex) isPlace(s string) bool {
	for _, pl := range x.places {
		if pl == s {
			return true
		}
	}
	return false
}

// resolve returns the seqs that name finds: those whose normalised name or English
// name is name; else those sharing its core name; else, when one record's core is
// a prefix of the other (a short name such as 富乐德 against 富乐德科技发展), those.
func (x *nameIndex) resolve(name string) []uint32 {
	k := chainmatch.NormalizeName(name)
	if s := x.full[k]; len(s) > 0 {
		return s
	}
	c := x.coreName(k)
	if c == "" {
		return nil
	}
	if s := x.core[c]; len(s) > 0 {
		return s
	}
	var out []uint32
	for rc, seqs := range x.core {
		if utf8.RuneCountInString(rc) >= 2 && (strings.HasPrefix(c, rc) || strings.HasPrefix(rc, c)) {
			for _, s := range seqs {
				out = appendOnce(out, s)
			}
		}
	}
	slices.Sort(out)
	return out
}
