package chainmatch

import "testing"

func TestNormalizeName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"full-width brackets", "浙江创新（汽车）空调有限公司", "浙江创新(汽车)空调有限公司"},
		{"spaces and ideographic space", " 浙江 创新\u3000空调 ", "浙江创新空调"},
		{"latin case and full-width letters", "ＡＢＣ Motor Co.", "abcmotorco."},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeName(tt.in); got != tt.want {
				t.Fatalf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
