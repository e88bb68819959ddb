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
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == '【' || r == '〔':
			r = '('
		case r == '】' || r == '〕':
			r = ')'
		}
		if unicode.IsSpace(r) || r == 0x3000 {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// SameText reports whether a and b are the same non-empty text once folded as
// NormalizeName folds names (a scope column that only repeats the industry label).
func SameText(a, b string) bool {
	return a != "" && NormalizeName(a) == NormalizeName(b)
}

// OwnScope is a business scope without the items that only repeat the industry
// column (exports often fill the one from the other: 医疗保健；生物医药、原料药
// under the label 医疗保健 is 生物医药、原料药 of the firm's own): the same words
// are no second piece of evidence. Items are separated by ；;，,、。 and line
// breaks; a scope that is all copy is "".
func OwnScope(scope, industry string) string {
	if industry == "" || scope == "" {
		return scope
	}
	if SameText(scope, industry) {
		return ""
	}
	var b strings.Builder
	kept, dropped := 0, false
	for rest := scope; rest != ""; {
		i := strings.IndexAny(rest, "；;，,、。\n")
		item, sep := rest, ""
		if i >= 0 {
			_, size := utf8.DecodeRuneInString(rest[i:])
			item, sep, rest = rest[:i], rest[i:i+size], rest[i+size:]
		} else {
			rest = ""
		}
		if SameText(item, industry) {
			dropped = true
			continue
		}
		if strings.TrimSpace(item) != "" {
			kept++
		}
		b.WriteString(item)
		b.WriteString(sep)
	}
	if !dropped {
		return scope
	}
	if kept == 0 {
		return ""
	}
	return strings.TrimRight(b.String(), "；;，,、。\n ")
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
