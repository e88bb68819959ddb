package chainmatch

import "testing"

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]Status{
		"signed": StatusSigned, " Signed ": StatusSigned, "已签约": StatusSigned, "签约": StatusSigned,
		"LANDED": StatusLanded, "落地": StatusLanded, "洽谈中": StatusNegotiating, "候选": StatusCandidate,
	} {
		if got, ok := ParseStatus(in); !ok || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "已", "sign", "成功"} {
		if got, ok := ParseStatus(in); ok {
			t.Errorf("ParseStatus(%q) = %q, want none", in, got)
		}
	}
}
