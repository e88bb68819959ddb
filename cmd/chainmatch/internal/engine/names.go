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
// each form of its core name (coreForms: chainmatch.NameCore with its leading
// places cut one after another, and without a bracketed place such as (天津)),
// and resolve takes the records whose form matches one of the name's forms
// longest: the listed short name 富乐德 for 安徽富乐德科技发展股份有限公司, 上海医药
// (not 南京医药) for 上海医药集团股份有限公司.
type nameIndex struct {
	pool   *match.Pool
	places []string            // normalised place names, longest first
	prov   map[string][]string // a place name's provinces (codes), by the name and its stem
	core   map[string][]uint32
}

func newNameIndex(p *match.Pool, counties []chainmatch.County) *nameIndex {
	prov := map[string][]string{}
	var places []string
	addPlace := func(s, province string) {
		s = chainmatch.NormalizeName(s)
		if utf8.RuneCountInString(s) < 2 {
			return
		}
		if _, ok := prov[s]; !ok {
			places = append(places, s)
		}
		if !slices.Contains(prov[s], province) {
			prov[s] = append(prov[s], province)
		}
	}
	for i := range counties {
		c := &counties[i]
		for _, n := range []string{c.ProvinceName, c.CityName, c.Name} {
			addPlace(n, c.Province)
			addPlace(placeStem(n), c.Province)
		}
	}
	slices.SortFunc(places, func(a, b string) int { return len(b) - len(a) })
	x := &nameIndex{pool: p, places: places, prov: prov, core: map[string][]uint32{}}
	p.Names(func(seq uint32, name, nameEN string) {
		for _, n := range []string{name, nameEN} {
			for _, f := range x.coreForms(n) {
				x.core[f] = appendOnce(x.core[f], seq)
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

// coreForms lists n's core (chainmatch.NameCore without a bracketed place and
// without the 股份 that ends a listed short name: 天能股份 is 天能) as its
// leading places are cut one after another (上海凤凰企业, 凤凰企业, 企业): a
// registered name may stack its divisions (浙江省衢州市龙游县某某…) where a short
// name keeps one (龙游某某) or none, and a place may begin a trade name (凤凰,
// 永安行). Forms of less than two characters are left out.
func (x *nameIndex) coreForms(n string) []string {
	n, _ = x.cutBracketPlaces(chainmatch.NormalizeName(n))
	n = chainmatch.NameCore(n)
	if t, ok := strings.CutSuffix(n, "股份"); ok && utf8.RuneCountInString(t) >= 2 {
		n = t
	}
	if utf8.RuneCountInString(n) < 2 {
		return nil
	}
	out := []string{n}
	for {
		rest, _ := x.cutPlace(n)
		if rest == n {
			return out
		}
		n = rest
		out = append(out, n)
	}
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
	_, ok := x.prov[s]
	return ok
}

// resolve returns the records that have name's first core form (its most
// specific, places kept), else those whose form matches one of name's forms
// best. A match is measured by the characters it shares, in half characters so
// that, of equal length, a form equal to the name's counts more than one that
// ends before it (东方通信, not 浙江东方, for 浙江东方通信), which counts more than
// one that goes on beyond it (天龙股份's 天龙, not 天龙集团, for 浙江天龙股份有限
// 公司), which counts more than one that abbreviates it as a listed short name
// does, less its last character (三花智控 for 三花智能控制; 华海药业, not 浙江华业,
// for 浙江华海药业). Of one firm's two records (match.Pool.Twin) only the lower seq.
func (x *nameIndex) resolve(name string) []uint32 {
	forms := x.coreForms(name)
	if len(forms) == 0 {
		return nil
	}
	if s := x.core[forms[0]]; len(s) > 0 {
		return x.oneEach(x.sameProvince(name, slices.Sorted(slices.Values(s))))
	}
	var out []uint32
	best := 1 // a match is worth 3 at least (a name of two characters that a form goes on beyond)
	for rc, seqs := range x.core {
		n, m := 0, utf8.RuneCountInString(rc)
		for _, f := range forms {
			switch {
			case f == rc:
				n = max(n, 2*m+1)
			case strings.HasPrefix(f, rc):
				n = max(n, 2*m)
			case strings.HasPrefix(rc, f):
				n = max(n, 2*utf8.RuneCountInString(f)-1)
			case abbreviates(rc, f):
				n = max(n, 2*(m-1))
			}
		}
		if n > best {
			best, out = n, nil
		}
		if n == best {
			for _, s := range seqs {
				out = appendOnce(out, s)
			}
		}
	}
	slices.Sort(out)
	return x.oneEach(x.sameProvince(name, out))
}

// sameProvince drops from several seqs those that lie in a province other than
// the ones name's places are in (安徽交建股份有限公司 is not 新疆交建), when some
// remain. A record's province is its own, else its name's.
func (x *nameIndex) sameProvince(name string, seqs []uint32) []uint32 {
	want := x.provincesOf(name)
	if len(seqs) < 2 || len(want) == 0 {
		return seqs
	}
	var out []uint32
	for _, s := range seqs {
		sum, ok := x.pool.Summary(s)
		if !ok {
			continue
		}
		has := x.provincesOf(sum.Name)
		if len(sum.Province) >= 2 {
			has = []string{sum.Province[:2]}
		}
		if len(has) == 0 || slices.ContainsFunc(has, func(p string) bool { return slices.Contains(want, p) }) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return seqs
	}
	return out
}

// provincesOf lists the provinces (codes) of the places name gives.
func (x *nameIndex) provincesOf(name string) []string {
	var out []string
	for _, pl := range x.placesOf(name) {
		for _, p := range x.prov[pl] {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// abbreviates reports whether short, of three characters or more, abbreviates
// long: both begin with the same two characters and the rest of short follows
// in long in order. A form that ends in 集团 is a registered name's, not an
// abbreviation (电气集团 does not abbreviate 电气驱动集团).
func abbreviates(short, long string) bool {
	_, a := utf8.DecodeRuneInString(short)
	_, b := utf8.DecodeRuneInString(short[a:])
	head := short[:a+b]
	if !strings.HasPrefix(long, head) || len(long) <= len(short) || utf8.RuneCountInString(short) < 3 || strings.HasSuffix(short, "集团") {
		return false
	}
	rest := long[len(head):]
	for _, r := range short[len(head):] {
		i := strings.IndexRune(rest, r)
		if i < 0 {
			return false
		}
		rest = rest[i+utf8.RuneLen(r):]
	}
	return true
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
