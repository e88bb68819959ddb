package chainmatch

import (
	"errors"
	"fmt"
	"strings"
)

// The unified social credit code (统一社会信用代码, GB 32100-2015) has 18 characters:
//
//	1     registration authority (1–9, A–G, Y)
//	2     organisation category
//	3–8   GB/T 2260 division of the registration authority
//	9–17  organisation code (GB 11714), its check character at 17
//	18    check character over 1–17
//
// Characters are digits and the capitals without I, O, S, V and Z: 31 in all, each
// valued by its position in usccAlphabet.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// ErrUSCC is wrapped by every USCC validation failure.
var ErrUSCC = errors.New("invalid unified social credit code")

// NormalizeUSCC trims spaces and upper-cases s.
func NormalizeUSCC(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidateUSCC checks length, character set, the check character at position 18 and
// the organisation code's GB 11714 check character at position 17.
func ValidateUSCC(s string) error {
	if len(s) != 18 {
		return fmt.Errorf("%w: %d characters, want 18", ErrUSCC, len(s))
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(usccAlphabet, s[i]) < 0 {
			return fmt.Errorf("%w: character %d %q is not allowed", ErrUSCC, i+1, s[i])
		}
	}
	if want := USCCCheck(s[:17]); s[17] != want {
		return fmt.Errorf("%w: check character %q, want %q", ErrUSCC, s[17], want)
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Errorf("%w: division code %q is not six digits", ErrUSCC, s[2:8])
		}
	}
	if want := OrgCodeCheck(s[8:16]); s[16] != want {
		return fmt.Errorf("%w: organisation code check character %q, want %q", ErrUSCC, s[16], want)
	}
	return nil
}

// USCCCheck returns the check character for the first 17 characters of a USCC:
// C18 = alphabet[(31 − Σ wᵢ·vᵢ mod 31) mod 31]. It panics if body is not 17
// characters of the USCC alphabet.
func USCCCheck(body string) byte {
	if len(body) != 17 {
		panic("chainmatch: USCCCheck needs 17 characters")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, body[i])
		if v < 0 {
			panic("chainmatch: USCCCheck: character outside the USCC alphabet")
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}

// OrgCodeCheck returns the GB 11714 check character for an 8-character organisation
// code body: C9 = 11 − (Σ wᵢ·vᵢ mod 11), written X for 10 and 0 for 11, where digits
// are valued 0–9 and capitals A–Z 10–35. A character outside 0–9, A–Z yields '?',
// which never equals a real check character.
func OrgCodeCheck(body string) byte {
	if len(body) != 8 {
		panic("chainmatch: OrgCodeCheck needs 8 characters")
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return '?'
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// USCCDivision returns the six-digit GB/T 2260 division embedded in a valid USCC
// (the registration authority's division, normally the enterprise's county).
func USCCDivision(s string) string {
	if len(s) != 18 {
		return ""
	}
	return s[2:8]
}
