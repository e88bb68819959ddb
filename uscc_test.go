package chainmatch

import (
	"errors"
	"testing"
)

func TestValidateUSCC(t *testing.T) {
	tests := []struct {
		name string
		code string
		ok   bool
	}{
		{"huawei technologies", "914403001922038216", true},
		{"byd", "91440300192317458F", true},
		{"tencent computer systems", "9144030071526726XG", true},
		{"alibaba china", "91330100716105852F", true},
		{"too short", "91440300192203821", false},
		{"too long", "9144030019220382160", false},
		{"wrong check character", "914403001922038217", false},
		{"letter I not allowed", "91440300I922038216", false},
		{"lower case", "91440300192317458f", false},
		{"transposed digits", "914403001922038261", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateUSCC(tt.code)
			if tt.ok && err != nil {
				t.Fatalf("ValidateUSCC(%q) = %v, want nil", tt.code, err)
			}
			if !tt.ok && !errors.Is(err, ErrUSCC) {
				t.Fatalf("ValidateUSCC(%q) = %v, want ErrUSCC", tt.code, err)
			}
		})
	}
}

func TestUSCCOrgCodeCheck(t *testing.T) {
	// A body whose final check is right but whose embedded organisation code is not.
	body := "91330100" + "71610585" + "0"
	if OrgCodeCheck("71610585") == '0' {
		t.Fatal("pick another body")
	}
	code := body + string(USCCCheck(body))
	if err := ValidateUSCC(code); err == nil {
		t.Fatalf("ValidateUSCC(%q) accepted a wrong organisation check character", code)
	}
}

func FuzzValidateUSCC(f *testing.F) {
	for _, s := range []string{"914403001922038216", "91330100716105852F", "", "ZZZ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateUSCC(s) != nil {
			return
		}
		if got := USCCCheck(s[:17]); got != s[17] {
			t.Fatalf("valid %q but check %q", s, got)
		}
		if USCCDivision(s) != s[2:8] {
			t.Fatal("division")
		}
	})
}
