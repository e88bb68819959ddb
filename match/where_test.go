package match

import "testing"

func TestWhere(t *testing.T) {
	tests := []struct {
		in      string
		city    int32
		prov    uint8
		country string
	}{
		{"440100", 440100, 44, ""},
		{"440106", 440100, 44, ""},
		{"330000", 0, 33, ""},
		{"11", 0, 11, ""},
		{"IT", 0, 0, "IT"},
		{"", 0, 0, ""},
		{"abcdef", 0, 0, ""},
		{"-10000", 0, 0, ""},
		{"+44010", 0, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			c, p, k := where(tc.in)
			if c != tc.city || p != tc.prov || k != tc.country {
				t.Errorf("where(%q) = %d %d %q", tc.in, c, p, k)
			}
		})
	}
}

// FuzzWhere: channel locations come from outside data; reading them never panics
// and a city always lies in its province.
func FuzzWhere(f *testing.F) {
	for _, s := range []string{"440100", "11", "IT", "331100-edz", "９９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, p, _ := where(s)
		if c != 0 && uint8(c/10000) != p {
			t.Fatalf("where(%q) = city %d province %d", s, c, p)
		}
		_ = codeNum(s)
		_ = provNum(s)
	})
}
