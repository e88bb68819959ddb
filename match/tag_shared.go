package match

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Coordination with a shared part (并列结构的共享成分). Chinese joins words that
// share a head or a modifier by writing the shared part once. The tagger reads
// a scope, products or expertise as if the part were written out:
//
//   - shareTail: the bare items of a 、 list take the parts head or the 用 of the
//     item that follows them (汽车、摩托车零部件 are 汽车零部件 and 摩托车零部件);
//   - completeShared: words joined by 及, 和, 与 or 或 take the head or the
//     modifier they share where the completed word is a keyword: 正极及负极材料
//     and 正、负极材料 are 正极材料 and 负极材料, 诊断试剂与仪器 is 诊断试剂 and
//     诊断仪器.
//
// completeShared writes a part out only where the bare part says nothing on its
// own: no word of the vocabulary ends where the bare modifier does (锂电池及负极
// 材料 is batteries and anode materials, not 锂电池材料) and none starts where the
// bare tail does (诊断试剂及试剂盒 keeps 试剂盒). A modifier shared forward is at
// least two characters (诊断, not 电), a bare part at most four (one after a 、),
// and the words joined are Han keywords of three characters or more.

// sharedParts indexes the splits of the Han keywords: heads[tail] lists the
// modifiers that complete tail into a keyword (极材料 → 正, 材料 → 正极); mods[modifier]
// lists the tails that complete it (诊断 → 仪器, 试剂).
type sharedParts struct {
	heads, mods map[string][]string
}

// maxBarePart is the longest bare modifier or tail, in characters, that a shared
// part completes.
const maxBarePart = 4

func newSharedParts(keywords []string) sharedParts {
	sp := sharedParts{heads: map[string][]string{}, mods: map[string][]string{}}
	for _, kw := range keywords {
		if !hanOnly(kw) {
			continue
		}
		n := utf8.RuneCountInString(kw)
		if n < 3 {
			continue
		}
		at := 0
		for k := 1; k < n; k++ {
			_, size := utf8.DecodeRuneInString(kw[at:])
			at += size
			head, tail := kw[:at], kw[at:]
			if k <= maxBarePart {
				sp.heads[tail] = appendUnique(sp.heads[tail], head)
			}
			if k >= 2 && n-k <= maxBarePart {
				sp.mods[head] = appendUnique(sp.mods[head], tail)
			}
		}
	}
	return sp
}

// hanOnly reports whether s is a non-empty run of Han characters.
func hanOnly(s string) bool {
	for _, r := range s {
		if !hanRune(r) {
			return false
		}
	}
	return s != ""
}

func hanRune(r rune) bool { return unicode.Is(unicode.Han, r) }

// sharedJoins are the conjunctions of a coordination. A 、 (a single space in
// normalised text) joins two items of a list, which share nothing, except after
// a one-character modifier (正、负极材料: see bareModifier).
var sharedJoins = []string{"及", "和", "与", "或"}

// completeShared writes out the shared parts of the coordinations in s.buf and
// finds its hits again when it wrote any.
func (s *tagScratch) completeShared(t *Tagger) {
	buf, hits := s.buf, s.hits
	type insert struct {
		at   int32
		part string
	}
	var ins []insert
	word := func(h acHit) bool {
		p := &t.patterns[h.pattern]
		return len(p.pos)+len(p.ctx)+len(p.labels) > 0
	}
	for _, h := range hits {
		p := &t.patterns[h.pattern]
		if len(p.pos) == 0 {
			continue
		}
		kw := t.texts[h.pattern]
		if !hanOnly(kw) || utf8.RuneCountInString(kw) < 3 {
			continue
		}
		// A shared head: the bare modifier before the conjunction.
		if j, list := joinBefore(buf[:h.start]); j > 0 {
			longest := maxBarePart
			if list {
				longest = 1
			}
			end := h.start - j
			if part, ok := t.bareModifier(buf, end, kw, longest, hits, word); ok {
				ins = append(ins, insert{end, part})
			}
		}
		// A shared modifier: the bare tail after the conjunction.
		if j := joinAfter(buf[h.end:]); j > 0 {
			start := h.end + j
			if part, ok := t.bareTail(buf, start, kw, hits, word); ok {
				ins = append(ins, insert{start, part})
			}
		}
	}
	if len(ins) == 0 {
		return
	}
	slices.SortStableFunc(ins, func(a, b insert) int { return int(a.at - b.at) })
	ins = slices.CompactFunc(ins, func(a, b insert) bool { return a.at == b.at })
	dst, from := s.full[:0], int32(0)
	for _, in := range ins {
		dst = append(dst, buf[from:in.at]...)
		dst = append(dst, in.part...)
		from = in.at
	}
	s.buf, s.full = append(dst, buf[from:]...), buf
	s.hits = t.ac.find(s.buf, s.hits[:0])
}

// bareModifier finds, right before end, a modifier of at most longest characters
// that with a tail of keyword kw makes a keyword of its own (正极 before
// 及负极材料), and returns the tail, which goes at end.
func (t *Tagger) bareModifier(buf []byte, end int32, kw string, longest int, hits []acHit, word func(acHit) bool) (string, bool) {
	before := buf[:end]
	for at := len(kw) - 1; at > 0; at-- {
		if !utf8.RuneStart(kw[at]) {
			continue
		}
		own, tail := kw[:at], kw[at:]
		for _, m := range t.shared.heads[tail] {
			if m == own || utf8.RuneCountInString(m) > longest || !bytes.HasSuffix(before, []byte(m)) {
				continue
			}
			start := end - int32(len(m))
			if slices.ContainsFunc(hits, func(o acHit) bool { return o.end == end && o.start <= start && word(o) }) {
				return "", false // 锂电池及负极材料: the word before stands alone
			}
			return tail, true
		}
	}
	return "", false
}

// bareTail finds, at start, a tail that with a modifier of keyword kw makes a
// keyword of its own (仪器 after 诊断试剂与), and returns the modifier. Parts
// (空调压缩机及配件) are the whole product's, and take no modifier.
func (t *Tagger) bareTail(buf []byte, start int32, kw string, hits []acHit, word func(acHit) bool) (string, bool) {
	if slices.ContainsFunc(hits, func(o acHit) bool { return o.start == start && word(o) }) {
		return "", false // 诊断试剂及试剂盒: the word after stands alone
	}
	after := buf[start:]
	for at := len(kw) - 1; at > 0; at-- {
		if !utf8.RuneStart(kw[at]) {
			continue
		}
		mod, own := kw[:at], kw[at:]
		for _, tail := range t.shared.mods[mod] {
			if tail != own && bytes.HasPrefix(after, []byte(tail)) && !hasAnyPrefix(after, partsHeads...) {
				return mod, true
			}
		}
	}
	return "", false
}

// joinBefore returns the length of the conjunction that ends b, with a Han
// character before it, or 0, and whether it is a 、 (a space in normalised text).
func joinBefore(b []byte) (n int32, list bool) {
	if len(b) > 0 && b[len(b)-1] == ' ' {
		if r, _ := utf8.DecodeLastRune(b[:len(b)-1]); hanRune(r) {
			return 1, true
		}
		return 0, false
	}
	for _, j := range sharedJoins {
		if bytes.HasSuffix(b, []byte(j)) {
			r, _ := utf8.DecodeLastRune(b[:len(b)-len(j)])
			if hanRune(r) {
				return int32(len(j)), false
			}
		}
	}
	return 0, false
}

// joinAfter returns the length of the conjunction that starts b, with a Han
// character after it, or 0.
func joinAfter(b []byte) int32 {
	for _, j := range sharedJoins {
		if bytes.HasPrefix(b, []byte(j)) {
			if r, _ := utf8.DecodeRune(b[len(j):]); hanRune(r) {
				return int32(len(j))
			}
		}
	}
	return 0
}

// shareTail gives the bare items of a 、 list the tail they share with the item
// that follows them: business scopes coordinate what parts, or what a 用 names,
// are for under one head, so 汽车、摩托车零部件制造 reads 汽车零部件制造、
// 摩托车零部件制造 and 电动车、平衡车用轮毂电机 reads 电动车用轮毂电机、平衡车用
// 轮毂电机. The tail starts at a partsHeads word or 用 that follows at least two
// Han characters (no 及/和/与/或 among them: 助动自行车、代步车及零配件 sells the
// vehicles and their parts); an item is bare when it has two to six Han characters
// and nothing else, no 用 and no parts head (家用电器、汽车零部件 keeps its
// appliances). A list that names a product beside its own parts (电动三轮车、
// 电动三轮车配件; 农业机械、植保机械、农机配件: sameProduct) makes the product and
// shares nothing. A parts tail ends before 的 or the customers (tailEnds). Other
// text is returned as it is.
func shareTail(text string) string {
	if !strings.Contains(text, "、") || !sharesTail(text) {
		return text
	}
	var b strings.Builder
	b.Grow(2 * len(text))
	for rest := text; rest != ""; {
		var clause, sep string
		clause, sep, rest = nextClause(rest)
		var bare []string // the run of bare items waiting for a tail
		for item, more := clause, true; more; {
			var next string
			item, next, more = strings.Cut(item, "、")
			if bareItem(item) {
				bare = append(bare, item)
			} else {
				tail := sharedTail(item)
				of := item
				if tail != "" {
					of = item[:strings.Index(item, tail)]
				}
				for _, x := range bare {
					if tail != "" && sameProduct(x, of) {
						tail = "" // the product and its parts: 电动三轮车、电动三轮车配件
					}
				}
				for _, x := range bare {
					b.WriteString(x + tail + "、")
				}
				bare = bare[:0]
				b.WriteString(item)
				if more {
					b.WriteString("、")
				}
			}
			item = next
		}
		b.WriteString(strings.Join(bare, "、"))
		b.WriteString(sep)
	}
	return b.String()
}

// sharesTail reports whether a bare item of text takes the tail of the next
// (shareTail), without allocating.
func sharesTail(text string) bool {
	for rest := text; rest != ""; {
		var clause string
		clause, _, rest = nextClause(rest)
		bare := false
		for item, more := clause, true; more; {
			var next string
			item, next, more = strings.Cut(item, "、")
			if bare && sharedTail(item) != "" {
				return true
			}
			bare = bareItem(item)
			item = next
		}
	}
	return false
}

// nextClause cuts text at the first mark normalizeText makes a clause separator:
// the clause, the mark and the rest.
func nextClause(text string) (clause, sep, rest string) {
	end := strings.IndexAny(text, "；;。，,：:\n")
	if end < 0 {
		return text, "", ""
	}
	_, n := utf8.DecodeRuneInString(text[end:])
	return text[:end], text[end : end+n], text[end+n:]
}

// sharedTail is the tail of item from its first parts head or 用 after at least
// two Han characters and no conjunction, or "".
func sharedTail(item string) string {
	han := 0
	for i, r := range item {
		rest := item[i:]
		if han >= 2 && r == '用' {
			return rest
		}
		if k := slices.IndexFunc(partsHeads, func(h string) bool { return strings.HasPrefix(rest, h) }); han >= 2 && k >= 0 {
			// The parts, not what is said of them (汽车零部件的装配) or of
			// their customers (为汽车零部件客户提供…).
			head := len(partsHeads[k])
			end := len(rest)
			for _, m := range tailEnds {
				if j := strings.Index(rest[head:], m); j >= 0 {
					end = min(end, head+j)
				}
			}
			return rest[:end]
		}
		if !hanRune(r) || strings.ContainsRune(conjunctions, r) {
			return ""
		}
		han++
	}
	return ""
}

// tailEnds end a parts tail (sharedTail): a 的, or where the text turns to
// the customers (forEnds, servedFirms).
var tailEnds = slices.Concat([]string{"的"}, forEnds, servedFirms)

// sameProduct reports whether x names the product that short names, or a kind
// of it: short is x, or an abbreviation of x (its characters in x in order, from
// the first: 电动车 of 电动自行车, 农机 of 农业机械).
func sameProduct(x, short string) bool {
	r, n := utf8.DecodeRuneInString(short)
	if n == 0 || !strings.HasPrefix(x, string(r)) {
		return false
	}
	rest := x
	for _, r := range short {
		i := strings.IndexRune(rest, r)
		if i < 0 {
			return false
		}
		rest = rest[i+utf8.RuneLen(r):]
	}
	return true
}

// bareItem reports whether item is two to six Han characters with no 用 and no
// parts head: a thing a following tail may be shared with.
func bareItem(item string) bool {
	n := utf8.RuneCountInString(item)
	if n < 2 || n > 6 || strings.ContainsAny(item, "用"+conjunctions) {
		return false
	}
	for _, r := range item {
		if !hanRune(r) {
			return false
		}
	}
	return !slices.ContainsFunc(partsHeads, func(h string) bool { return strings.Contains(item, h) })
}
