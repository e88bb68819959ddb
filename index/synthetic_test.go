package index

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestSyntheticDocs(t *testing.T) {
	next := SyntheticDocs(2000, 7)
	again := SyntheticDocs(2000, 7)
	n, tagged, english, runes := 0, 0, 0, 0
	known := map[string]bool{}
	for _, c := range SyntheticChains() {
		for _, nd := range c.Nodes {
			known[c.ID+"/"+nd.ID] = true
		}
	}
	for {
		d, ok, err := next()
		d2, _, _ := again()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		n++
		if d.Name != d2.Name || d.Scope != d2.Scope || !slices.Equal(d.Nodes, d2.Nodes) {
			t.Fatalf("seq %d differs between runs with one seed", d.Seq)
		}
		if d.Seq != uint32(n) || d.Name == "" || d.Scope == "" || len(d.County) != 6 || d.County[:4] != d.City[:4] {
			t.Fatalf("bad doc %+v", d)
		}
		for _, nd := range d.Nodes {
			if !known[nd] {
				t.Fatalf("node %q not in SyntheticChains", nd)
			}
		}
		if len(d.Nodes) > 0 {
			tagged++
		}
		if d.NameEN != "" {
			english++
		} else {
			runes += utf8.RuneCountInString(d.Scope)
		}
	}
	if n != 2000 {
		t.Fatalf("%d docs", n)
	}
	if tagged < 1400 || tagged > 1600 || english < 50 || english > 150 {
		t.Errorf("tagged %d english %d of %d", tagged, english, n)
	}
	avg := runes / (n - english)
	t.Logf("average Chinese scope %d runes", avg)
	if avg < 60 || avg > 130 {
		t.Errorf("average Chinese scope %d runes", avg)
	}
	for _, c := range SyntheticChains() {
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
	}
}
