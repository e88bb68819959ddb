package match

import (
	"strings"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// Twins: one firm imported twice, as a listed short name (立昂微, with its ticker)
// and as its registered name from another source (杭州立昂微电子股份有限公司,
// with a business text). Import links records whose names or cores are equal
// (chainmatch.Enterprise.MatchKeys); a short name that keeps only part of the
// registered name's industry words (立昂微 for 立昂微电子, 泰格医药 for
// 泰格医药科技) is not equal to any of them, so both records stay. Freeze pairs
// them without changing either (the records and the store keep both): a record
// with a ticker and a registered joint-stock name (…股份有限公司: a listed
// company is one by law) in the same province, the short name beginning the
// registered name's core (without place, legal form and a trailing place in
// brackets), each the other's only match. A candidate set then holds the firm
// once, as the registered record with the short name's node tags, tags (listed)
// and features added (addToSet), and Rank shows the short name in a flag. The
// tallies behind the gaps count the firm once (listedTwin), and a county
// profile naming either record makes the firm local (localHome).

// twinKey is what Freeze pairs record e by: for a record with a ticker its short
// name without the marks of its listing (-U, -W, -UW), "" when the name warns of a
// risk (ST, 退市: such a firm is left as it is); for a registered joint-stock
// name its core without the leading place (the place-less alias the reader gives
// it, else NameCore) and without a trailing place in brackets; else "".
func twinKey(e *chainmatch.Enterprise) string {
	name := strings.Join(strings.Fields(e.Name), "")
	if e.Ticker != "" {
		if stName(name) || strings.HasPrefix(name, "退市") || strings.HasSuffix(name, "退") {
			return ""
		}
		n := chainmatch.NormalizeName(name)
		if i := strings.LastIndexByte(n, '-'); i > 0 && strings.Trim(n[i+1:], "uwd") == "" && i+1 < len(n) {
			n = n[:i]
		}
		return n
	}
	n := chainmatch.NormalizeName(name)
	if !strings.HasSuffix(n, "股份有限公司") {
		return ""
	}
	core := chainmatch.NameCore(n)
	for _, a := range e.Aliases {
		if a = chainmatch.NormalizeName(a); a != core && strings.HasSuffix(core, a) && utf8.RuneCountInString(a) >= 2 {
			core = a
			break
		}
	}
	if strings.HasSuffix(core, ")") {
		if i := strings.LastIndexByte(core, '('); i > 0 {
			core = core[:i]
		}
	}
	return core
}

// findTwins pairs the records of one firm (see twinKey): twins[a] = b and
// twins[b] = a for a listed record a and its registered record b. It depends on
// the records only, not on their order.
func (p *Pool) findTwins() map[int32]int32 {
	shorts := map[string][]int32{}
	for i := range p.seq {
		if p.flags[i]&flagTicker != 0 && p.prov[i] != 0 {
			if k := p.str(i, strTwin); k != "" {
				shorts[k] = append(shorts[k], int32(i))
			}
		}
	}
	if len(shorts) == 0 {
		return nil
	}
	type pair struct{ a, b int32 }
	var pairs []pair
	perA := map[int32]int{}
	var ms []int32
	for i := range p.seq {
		if p.flags[i]&flagTicker != 0 || p.prov[i] == 0 {
			continue
		}
		core := p.str(i, strTwin)
		if core == "" {
			continue
		}
		// The short names that begin the core: of three characters or more, or
		// the whole core.
		ms = ms[:0]
		n := 0
		for e := range core {
			if n >= 3 {
				ms = p.sameProv(ms, shorts[core[:e]], i)
			}
			n++
		}
		if n >= 2 {
			ms = p.sameProv(ms, shorts[core], i)
		}
		for _, a := range ms {
			perA[a]++
		}
		if len(ms) == 1 {
			pairs = append(pairs, pair{ms[0], int32(i)})
		} else if len(ms) > 1 {
			pairs = append(pairs, pair{-1, int32(i)})
		}
	}
	var twins map[int32]int32
	for _, pr := range pairs {
		if pr.a >= 0 && perA[pr.a] == 1 {
			if twins == nil {
				twins = map[int32]int32{}
			}
			twins[pr.a], twins[pr.b] = pr.b, pr.a
		}
	}
	return twins
}

// sameProv appends to ms the records of as in record i's province.
func (p *Pool) sameProv(ms, as []int32, i int) []int32 {
	for _, a := range as {
		if p.prov[a] == p.prov[i] {
			ms = append(ms, a)
		}
	}
	return ms
}

// Twin returns the seq of the other record of seq's firm (see findTwins).
func (p *Pool) Twin(seq uint32) (uint32, bool) {
	i := p.index(seq)
	if i < 0 {
		return 0, false
	}
	t, ok := p.twins[i]
	if !ok {
		return 0, false
	}
	return p.seq[t], true
}

// absorbed reports whether record i is a listed short name whose registered
// twin is tagged among the global nodes lo..hi−1: the set holds the firm as the
// twin.
func (p *Pool) absorbed(i, lo, hi int) bool {
	if p.flags[i]&flagTicker == 0 {
		return false
	}
	t, ok := p.twins[int32(i)]
	return ok && p.taggedIn(int(t), lo, hi)
}

// listedTwin reports whether record i is the listed record of a firm imported
// twice: the regional and national tallies count the firm once, as its
// registered record.
func (p *Pool) listedTwin(i int) bool {
	if p.flags[i]&flagTicker == 0 {
		return false // most records: no map lookup on Freeze's pass over all of them
	}
	_, ok := p.twins[int32(i)]
	return ok
}

// findTwinHomes maps each record whose twin, and not itself, a county profile
// names as local to that home county: a profile naming either record names the
// firm (Freeze).
func (p *Pool) findTwinHomes() map[int32]int32 {
	var m map[int32]int32
	for a, b := range p.twins {
		if p.localOf[a] == 0 && p.localOf[b] != 0 {
			if m == nil {
				m = map[int32]int32{}
			}
			m[a] = p.localOf[b]
		}
	}
	return m
}

// localHome is the home county code of a profile naming record i, or its twin,
// as local; 0 none.
func (p *Pool) localHome(i int32) int32 {
	if h := p.localOf[i]; h != 0 {
		return h
	}
	return p.twinHome[i]
}

// taggedIn reports whether record i has a tag among the global nodes lo..hi−1.
func (p *Pool) taggedIn(i, lo, hi int) bool {
	for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
		if g := int(p.tagNode[k]); g >= lo && g < hi {
			return true
		}
	}
	return false
}

// namesNode reports whether record i's own words (name, scope, products; not
// an industry column) name one of the global nodes lo..hi−1 (evidenceText).
func (p *Pool) namesNode(i, lo, hi int) bool {
	for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
		if g := int(p.tagNode[k]); g >= lo && g < hi {
			ev := p.strAt(p.tagEv[k])
			if ev != "" && ev[0] != '~' && !strings.HasPrefix(ev, FieldIndustry) {
				return true
			}
		}
	}
	return false
}
