package chainmatch

import (
	"strings"
	"unicode"
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
