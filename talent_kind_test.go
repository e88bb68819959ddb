package chainmatch

import "testing"

func TestSearchKind(t *testing.T) {
	for in, want := range map[string]struct {
		kind string
		ok   bool
	}{"": {KindEnterprise, true}, "enterprise": {KindEnterprise, true}, "talent": {KindTalent, true},
		"all": {"", true}, "firm": {"", false}} {
		if k, ok := SearchKind(in); k != want.kind || ok != want.ok {
			t.Errorf("SearchKind(%q) = %q, %v; want %q, %v", in, k, ok, want.kind, want.ok)
		}
	}
}
