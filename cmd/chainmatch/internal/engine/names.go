package engine

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// nameIndex finds enterprises by a short name the store's name keys do not hold
// (store.EnterprisesByName is tried first): it keys every record of the pool by
// its core name, chainmatch.NameCore without leading places (province, city or
// county names with or without their suffix, one after another, or a bracketed
// place such as (天津)), and resolve falls back to cores one of which begins with the other: the
// listed short name 富乐德 against 安徽富乐德科技发展股份有限公司.
type nameIndex struct {
	pool   *match.Pool
	places []string // normalised place names, longest first
	core   map[string][]uint32
}

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
			addPlace(placeStem(n))
		}
	}
	slices.SortFunc(places, func(a, b string) int { return len(b) - len(a) })
	x := &nameIndex{pool: p, places: places, core: map[string][]uint32{}}
	p.Names(func(seq uint32, name, nameEN string) {
		for _, n := range []string{name, nameEN} {
			if c := x.coreName(n); c != "" {
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

// coreName is chainmatch.NameCore of n without bracketed or leading places; ""
// when less than two characters would remain.
func (x *nameIndex) coreName(n string) string {
	n, _ = x.cutBracketPlaces(chainmatch.NormalizeName(n))
	n = chainmatch.NameCore(n)
	// A registered name may stack its divisions (浙江省衢州市龙游县某某…) where a
	// short name keeps one (龙游某某) or none.
	for {
		rest, _ := x.cutPlace(n)
		if rest == n {
			break
		}
		n = rest
	}
	if utf8.RuneCountInString(n) < 2 {
		return ""
	}
	return n
}

// placesOf lists the places n names: in brackets ((天津)) and leading, one after
// another (浙江省衢州市龙游县), each without its suffix (天津, 浙江, 衢州, 龙游).
func (x *nameIndex) placesOf(n string) []string {
	n, out := x.cutBracketPlaces(chainmatch.NormalizeName(n))
	for {
		rest, pl := x.cutPlace(n)
		if rest == n {
			break
		}
		n, out = rest, append(out, pl)
	}
	for k, pl := range out {
		out[k] = placeStem(pl)
	}
	return out
}

// cutBracketPlaces removes the bracketed places of a normalised name, the
// leading ones first ((天津) in 世纪亿康(天津)医疗…), and returns them.
func (x *nameIndex) cutBracketPlaces(n string) (string, []string) {
	var cut []string
	for {
		i := strings.IndexByte(n, '(')
		j := strings.IndexByte(n, ')')
		if i < 0 || j < i || !x.isPlace(n[i+1:j]) {
			return n, cut
		}
		cut = append(cut, n[i+1:j])
		n = n[:i] + n[j+1:]
	}
}

// cutPlace removes the longest place that begins n when two characters or more
// remain besides a closing 集团, and returns the rest and the place; n itself
// when none does. A place and 集团 alone are the name (友好集团, not 友好区's
// 集团).
func (x *nameIndex) cutPlace(n string) (rest, place string) {
	for _, pl := range x.places {
		if rest, ok := strings.CutPrefix(n, pl); ok && utf8.RuneCountInString(strings.TrimSuffix(rest, "集团")) >= 2 {
			return rest, pl
		}
	}
	return n, ""
}

// placeSuffixes end the names of divisions (浙江省, 衢州市, 龙游县), longest first.
var placeSuffixes = []string{"特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "自治州", "地区", "省", "市", "区", "县"}

// placeStem is a place's name without its suffix when two characters or more remain.
func placeStem(pl string) string {
	for _, suf := range placeSuffixes {
		if t, ok := strings.CutSuffix(pl, suf); ok && utf8.RuneCountInString(t) >= 2 {
			return t
		}
	}
	return pl
}

func (x *nameIndex) isPlace(s string) bool {
	for _, pl := range x.places {
		if pl == s {
			return true
		}
	}
	return false
}

// resolve returns the seqs whose core name is name's, else those whose core
// begins with name's core or is the beginning of it; of one firm's two records
// (match.Pool.Twin) only the lower seq. Of several, those that share a place
// with name are kept when any does: 上海医药集团股份有限公司 is 上海医药, not
// 南京医药 (cores 医药集团 and 医药).
func (x *nameIndex) resolve(name string) []uint32 {
	c := x.coreName(name)
	if c == "" {
		return nil
	}
	out := slices.Clone(x.core[c])
	if len(out) == 0 {
		for rc, seqs := range x.core {
			if strings.HasPrefix(c, rc) || strings.HasPrefix(rc, c) {
				for _, s := range seqs {
					out = appendOnce(out, s)
				}
			}
		}
		slices.Sort(out)
	}
	if len(out) > 1 {
		if pp := x.placesOf(name); len(pp) > 0 {
			var near []uint32
			for _, s := range out {
				if sum, ok := x.pool.Summary(s); ok && slices.ContainsFunc(x.placesOf(sum.Name), func(pl string) bool {
					return slices.Contains(pp, pl)
				}) {
					near = append(near, s)
				}
			}
			if len(near) > 0 {
				out = near
			}
		}
	}
	return x.oneEach(out)
}

// oneEach drops from seqs each record whose twin of a lower seq is in seqs.
func (x *nameIndex) oneEach(seqs []uint32) []uint32 {
	var out []uint32
	for _, s := range seqs {
		if t, ok := x.pool.Twin(s); ok && t < s && slices.Contains(seqs, t) {
			continue
		}
		out = append(out, s)
	}
	return out
}
