package chainmatch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeName folds an enterprise name for matching records across imports:
// full-width ASCII to half-width, Chinese brackets to ASCII ones, letters to lower
// case, and every space removed. 浙江 创新（汽车）空调 and 浙江创新(汽车)空调 fold alike.
func NormalizeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r, ok := foldRune(r); ok {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldRune is NormalizeName's fold of one rune, false for a rune it drops.
func foldRune(r rune) (rune, bool) {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == '【' || r == '〔':
		r = '('
	case r == '】' || r == '〕':
		r = ')'
	}
	if unicode.IsSpace(r) || r == 0x3000 {
		return 0, false
	}
	return unicode.ToLower(r), true
}

// IndustryLevels splits an industry column at the marks that separate the levels
// of a classification path (> ＞ › → / ／ | ｜, and a dash unless it joins Latin
// letters or digits, so e-bike stays whole), broadest first; empty levels are
// left out.
func IndustryLevels(industry string) []string {
	rs := []rune(industry)
	var levels []string
	from := 0
	for i, r := range rs {
		sep := strings.ContainsRune(levelMarks, r)
		if !sep && strings.ContainsRune("-－—", r) {
			sep = i == 0 || i == len(rs)-1 || !latinOrDigit(rs[i-1]) || !latinOrDigit(rs[i+1])
		}
		if sep {
			if l := strings.TrimSpace(string(rs[from:i])); l != "" {
				levels = append(levels, l)
			}
			from = i + 1
		}
	}
	if l := strings.TrimSpace(string(rs[from:])); l != "" {
		levels = append(levels, l)
	}
	return levels
}

// levelMarks separate the levels of an industry path (besides dashes);
// PathMarks are every mark that may (a dash only between Chinese words).
const (
	levelMarks = ">＞›→/／|｜"
	PathMarks  = levelMarks + "-－—"
)

func latinOrDigit(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// ColumnClass is an industry column's most specific level without its leading
// GB/T 4754 code: 汽车零部件及配件制造 of "C3670 汽车零部件及配件制造" and of
// "制造业-汽车制造业-汽车零部件及配件制造".
func ColumnClass(industry string) string {
	last := strings.TrimSpace(industry)
	if strings.ContainsAny(last, PathMarks) {
		levels := IndustryLevels(last)
		if len(levels) == 0 {
			return ""
		}
		last = levels[len(levels)-1]
	}
	code := strings.TrimLeft(last, "ABCDEFGHIJKLMNOPQRST") // the section letter
	if rest := strings.TrimLeft(code, "0123456789"); len(rest) < len(code) &&
		(rest == "" || rest[0] == ' ' || rest[0] >= utf8.RuneSelf) { // not 3D打印
		last = strings.TrimSpace(rest)
	}
	return last
}

// SameText reports whether a and b are the same non-empty text once folded as
// NormalizeName folds names (a scope column that only repeats the industry label).
func SameText(a, b string) bool {
	return a != "" && foldsTo(a, NormalizeName(b))
}

// foldsTo reports whether s folded as NormalizeName folds it is folded, without
// allocating.
func foldsTo(s, folded string) bool {
	for _, r := range s {
		r, ok := foldRune(r)
		if !ok {
			continue
		}
		f, n := utf8.DecodeRuneInString(folded)
		if n == 0 || f != r {
			return false
		}
		folded = folded[n:]
	}
	return folded == ""
}

// OwnScope is a business scope without the items that only repeat the industry
// column (exports often fill the one from the other: 医疗保健；生物医药、原料药
// under the label 医疗保健 is 生物医药、原料药 of the firm's own): the same words
// are no second piece of evidence. A column in a register export's other forms
// is repeated by an item of its class name (电力电子元器件制造 under
// "C3824 电力电子元器件制造" or "制造业-电气机械和器材制造业-电力电子元器件制造").
// Items are separated by ；;，,、。 and line breaks; a scope that is all copy is "".
func OwnScope(scope, industry string) string {
	if industry == "" || scope == "" {
		return scope
	}
	ind, class := NormalizeName(industry), NormalizeName(ColumnClass(industry))
	if ind == "" {
		return scope
	}
	copies := func(item string) bool { return foldsTo(item, ind) || class != "" && foldsTo(item, class) }
	// next cuts the first item and its separator off rest.
	next := func(rest string) (item, sep, after string) {
		i := strings.IndexAny(rest, "；;，,、。\n")
		if i < 0 {
			return rest, "", ""
		}
		_, size := utf8.DecodeRuneInString(rest[i:])
		return rest[:i], rest[i : i+size], rest[i+size:]
	}
	copied := false
	for rest := scope; rest != "" && !copied; {
		var item string
		item, _, rest = next(rest)
		copied = copies(item)
	}
	if !copied {
		return scope
	}
	var b strings.Builder
	for rest := scope; rest != ""; {
		var item, sep string
		item, sep, rest = next(rest)
		if !copies(item) {
			b.WriteString(item)
			b.WriteString(sep)
		}
	}
	out := strings.TrimRight(b.String(), "；;，,、。\n ")
	if strings.TrimLeft(out, "；;，,、。\n ") == "" {
		return ""
	}
	return out
}

// legalForms are the endings of registered names that short names drop, longest first.
var legalForms = []string{
	"股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "(集团)", "(中国)", "(有限合伙)",
	"co.,ltd.", "co.,ltd", "co.ltd.", "companylimited", "corporation", "limited", "ltd.", "ltd", "inc.", "inc",
}

// NameCore folds a registered name to the part a short name keeps: normalised
// (NormalizeName), without the legal form (股份有限公司, 有限公司, Co., Ltd.) and
// without a leading place that ends in 省 or 市 (深圳市比亚迪股份有限公司 → 比亚迪;
// 美的集团股份有限公司 → 美的集团). A core shorter than two characters is not
// made: the normalised name is returned.
func NameCore(s string) string {
	n := NormalizeName(s)
	core := n
	for changed := true; changed; {
		changed = false
		for _, f := range legalForms {
			if t, ok := strings.CutSuffix(core, f); ok && utf8.RuneCountInString(t) >= 2 {
				core, changed = strings.TrimRight(t, ",."), true
			}
		}
	}
	// A leading 省 or 市 within the first five characters: 浙江省, 深圳市, 黑龙江省.
	rs := []rune(core)
	for i := 1; i < len(rs) && i <= 4; i++ {
		if (rs[i] == '省' || rs[i] == '市') && len(rs)-i-1 >= 2 {
			core = string(rs[i+1:])
			break
		}
	}
	return core
}

// branchEnds end the name of a branch, a unit that is no legal person (分支机构):
// 公司登记管理条例 names a branch after the company it belongs to, with a place or
// trade before the ending.
var branchEnds = []string{"分公司", "分厂", "办事处", "代表处", " branch", " branch office", " representative office"}

// BranchOf reports whether name is a branch's (中兴通讯股份有限公司福州分公司,
// 日立(中国)有限公司宁波分公司, Siemens Ltd. Shanghai Branch) and returns the
// company it belongs to when the name gives it: the name up to the last 公司 before
// the ending, with at most eight characters of place between (中兴通讯股份有限公司);
// "" otherwise (中国银联广东分公司, and English names).
func BranchOf(name string) (parent string, ok bool) {
	name = strings.TrimSpace(name)
	for _, end := range branchEnds {
		if len(name) <= len(end) || !strings.EqualFold(name[len(name)-len(end):], end) {
			continue
		}
		s := name[:len(name)-len(end)]
		if i := strings.LastIndex(s, "公司"); i > 0 && utf8.RuneCountInString(s[i+len("公司"):]) <= 8 {
			return s[:i+len("公司")], true
		}
		return "", true
	}
	return "", false
}

// ScopeContent is a business scope without the register's headings and notes:
// 一般项目： and 许可项目：, and the remarks in brackets that speak of approval
// (（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）, （依法须经批准的项目，经相关
// 部门批准后方可开展经营活动）). They say nothing of the business, yet make the scope
// longer, which BM25 reads as a weaker mention of what it does name. Other
// brackets (（不含危险化学品）) stay.
func ScopeContent(scope string) string {
	if !strings.Contains(scope, "项目") && !strings.Contains(scope, "批准") {
		return scope
	}
	var b strings.Builder
	b.Grow(len(scope))
	for rest := scope; rest != ""; {
		i := strings.IndexAny(rest, "（(")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.IndexAny(rest[i:], "）)")
		if j < 0 {
			b.WriteString(rest[i:])
			break
		}
		_, size := utf8.DecodeRuneInString(rest[i+j:])
		end := i + j + size
		if remark := rest[i:end]; !strings.Contains(remark, "批准") && !strings.Contains(remark, "营业执照") {
			b.WriteString(remark)
		}
		rest = rest[end:]
	}
	out := b.String()
	for _, h := range []string{"一般项目：", "许可项目：", "一般项目:", "许可项目:"} {
		out = strings.ReplaceAll(out, h, "")
	}
	return strings.TrimSpace(out)
}
