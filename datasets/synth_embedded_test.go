package datasets

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// embeddedGenerator builds the generator on the embedded chains and counties, as
// chainmatch gen does.
func embeddedGenerator(t testing.TB, seed uint64) (*generator, []chainmatch.Chain, []chainmatch.County) {
	t.Helper()
	chains, err := Chains()
	if err != nil {
		t.Fatal(err)
	}
	counties, err := Counties()
	if err != nil {
		t.Fatal(err)
	}
	g, err := newGenerator(GenConfig{Seed: seed}, chains, counties)
	if err != nil {
		t.Fatal(err)
	}
	return g, chains, counties
}

// TestGenerateEmbeddedImports feeds a pool generated on the embedded data through
// the import parser: every row must be accepted as written, without warnings.
func TestGenerateEmbeddedImports(t *testing.T) {
	_, chains, counties := embeddedGenerator(t, 1)
	const ne, nt = 4000, 600
	var buf bytes.Buffer
	if err := Generate(&buf, GenConfig{Enterprises: ne, Talents: nt, Seed: 1}, chains, counties); err != nil {
		t.Fatal(err)
	}
	results, hw, err := ReadAll(bytes.NewReader(buf.Bytes()), ReadOptions{Format: FormatJSONL},
		ParseOptions{Locate: RegionsLocator(NewRegions(counties))})
	if err != nil {
		t.Fatal(err)
	}
	if len(hw) > 0 {
		t.Errorf("header warnings: %v", hw)
	}
	known := map[string]bool{}
	for _, c := range counties {
		known[c.Code] = true
	}
	var gotE, gotT, warned int
	for _, res := range results {
		if res.Reject != nil {
			t.Fatalf("line %d rejected: %+v\n%s", res.Raw.Line, *res.Reject, res.Raw.Text)
		}
		if len(res.Warnings) > 0 {
			warned++
			if warned <= 5 {
				t.Errorf("line %d: warnings %+v", res.Raw.Line, res.Warnings)
			}
		}
		switch {
		case res.Enterprise != nil:
			gotE++
			e := res.Enterprise
			if err := e.Validate(); err != nil {
				t.Fatalf("line %d: %v", res.Raw.Line, err)
			}
			if e.USCC != "" && chainmatch.USCCDivision(e.USCC) != e.County {
				t.Fatalf("line %d: USCC %s is not registered in county %s", res.Raw.Line, e.USCC, e.County)
			}
			if e.County != "" && !known[e.County] {
				t.Fatalf("line %d: unknown county %s", res.Raw.Line, e.County)
			}
			for _, b := range e.Branches {
				if !known[b] {
					t.Fatalf("line %d: unknown branch county %s", res.Raw.Line, b)
				}
			}
		case res.Talent != nil:
			gotT++
			tl := res.Talent
			if !tl.Abroad() && tl.Location != "" && !known[tl.Location] {
				t.Fatalf("line %d: unknown talent location %s", res.Raw.Line, tl.Location)
			}
		}
	}
	if gotE != ne || gotT != nt {
		t.Fatalf("imported %d enterprises and %d talents, want %d and %d", gotE, gotT, ne, nt)
	}
}

// TestGenerateEmbeddedClusters checks that each chain sits where it really clusters.
func TestGenerateEmbeddedClusters(t *testing.T) {
	g, _, _ := embeddedGenerator(t, 4)
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	byChain := map[string]map[string]int{} // chain → province → firms
	for i := 0; i < 20000; i++ {
		src.Seed(streamSeed(4, uint64(i), 0))
		e, m := g.enterprise(r, i)
		if m.chain == "" || e.Province == "" {
			continue
		}
		if byChain[m.chain] == nil {
			byChain[m.chain] = map[string]int{}
		}
		if e.County != "" {
			byChain[m.chain][e.County]++
		}
		key := e.Province
		if e.City != "" {
			byChain[m.chain][e.City[:4]]++
		}
		byChain[m.chain][key]++
	}
	share := func(chain string, areas ...string) float64 {
		in, all := 0, 0
		for k, n := range byChain[chain] {
			if len(k) == 2 {
				all += n
				if contains(areas, k) {
					in += n
				}
			} else if contains(areas, k) {
				in += n
			}
		}
		if all == 0 {
			return 0
		}
		return float64(in) / float64(all)
	}
	cases := []struct {
		chain string
		areas []string
		min   float64
	}{
		{"semiconductor", []string{"31", "32", "44", "11", "34"}, 0.5},
		{"short-distance-transport", []string{"12", "3202", "3310", "3307", "3311", "3204", "3203"}, 0.45},
		{"new-energy", []string{"32", "33", "35", "34", "36", "51", "63"}, 0.6},
		{"biomedicine", []string{"31", "32", "33", "11", "44"}, 0.6},
		{"auto-parts", []string{"2201", "4203", "4502", "3402", "3302", "31", "50"}, 0.4},
		{"smart-appliances", []string{"4406", "3702", "3302", "4404", "4420"}, 0.45},
	}
	// The profiled counties hold a few firms of the chains they are positioned on,
	// so their gaps are gaps, not blanks.
	local := []struct {
		chain, county string
		min           float64
	}{
		{"short-distance-transport", "331122", 0.01}, // Jinyun
		{"semiconductor", "331102", 0.002},           // Liandu, seat of the Lishui EDZ
		{"auto-parts", "331181", 0.005},              // Longquan
	}
	for _, c := range local {
		all := 0
		for k, n := range byChain[c.chain] {
			if len(k) == 2 {
				all += n
			}
		}
		if f := float64(byChain[c.chain][c.county]) / float64(max(all, 1)); f < c.min {
			t.Errorf("%s holds %.4f of %s firms, want at least %.3f", c.county, f, c.chain, c.min)
		}
	}
	for _, c := range cases {
		t.Run(c.chain, func(t *testing.T) {
			if byChain[c.chain] == nil {
				t.Skipf("chain %s is not embedded", c.chain)
			}
			f := share(c.chain, c.areas...)
			t.Logf("%.2f of %s firms in %v", f, c.chain, c.areas)
			if f < c.min {
				t.Errorf("%.2f of %s firms in %v, want at least %.2f; top areas %v", f, c.chain, c.areas, c.min, top(byChain[c.chain], 8))
			}
		})
	}
}

func top(m map[string]int, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if len(k) == 2 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	if len(keys) > n {
		keys = keys[:n]
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%s:%d", k, m[k])
	}
	return out
}

// TestGenerateEmbeddedVocabulary checks that a chain firm's text carries its node's
// vocabulary, so the tagger can place it.
func TestGenerateEmbeddedVocabulary(t *testing.T) {
	g, chains, _ := embeddedGenerator(t, 5)
	nodes := map[string]*chainmatch.Node{}
	for ci := range chains {
		for ni := range chains[ci].Nodes {
			n := &chains[ci].Nodes[ni]
			nodes[chains[ci].ID+"/"+n.ID] = n
		}
	}
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	var firms, carrying int
	for i := 0; i < 5000; i++ {
		src.Seed(streamSeed(5, uint64(i), 0))
		e, m := g.enterprise(r, i)
		if m.chain == "" || m.sparse || e.Scope == "" {
			continue
		}
		firms++
		n := nodes[m.chain+"/"+m.node]
		text := e.Name + " " + e.Scope + " " + e.Products
		for _, k := range append(append([]string{}, n.Keywords...), n.KeywordsEN...) {
			if strings.Contains(text, k) {
				carrying++
				break
			}
		}
	}
	// About 7% are vague on purpose: their text names no node.
	if f := float64(carrying) / float64(firms); firms == 0 || f < 0.88 || f > 0.97 {
		t.Fatalf("%d of %d chain firms with a scope name a keyword of their node", carrying, firms)
	}
}
