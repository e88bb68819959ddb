package datasets

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/internal/shared"
)

// The ten chain ids design.md §5 promises.
var wantChainIDs = []string{"auto-parts", "biomedicine", "equipment", "health", "intelligent-transport",
	"new-energy", "new-materials", "semiconductor", "short-distance-transport", "smart-appliances"}

func TestChainsTaxonomy(t *testing.T) {
	chains, err := Chains()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i, c := range chains {
		if ids[c.ID] {
			t.Errorf("duplicate chain id %q", c.ID)
		}
		ids[c.ID] = true
		if i > 0 && chains[i-1].ID >= c.ID {
			t.Errorf("chains not sorted by id at %q", c.ID)
		}
		if len(c.Nodes) < 10 {
			t.Errorf("%s: %d nodes, want at least 10", c.ID, len(c.Nodes))
		}
		stages := map[chainmatch.Stage]int{}
		nodeIDs := map[string]bool{}
		for _, n := range c.Nodes {
			stages[n.Stage]++
			if nodeIDs[n.ID] {
				t.Errorf("%s: duplicate node id %q", c.ID, n.ID)
			}
			nodeIDs[n.ID] = true
			if len(n.Keywords) == 0 || len(n.KeywordsEN) == 0 {
				t.Errorf("%s/%s: keywords must be non-empty in both languages", c.ID, n.ID)
			}
			for _, k := range append(append(append([]string{}, n.Keywords...), n.KeywordsEN...), n.Negative...) {
				if strings.TrimSpace(k) != k || k == "" {
					t.Errorf("%s/%s: keyword %q has surrounding space or is empty", c.ID, n.ID, k)
				}
			}
			if len(n.Industries) == 0 {
				t.Errorf("%s/%s: no GB/T 4754 class", c.ID, n.ID)
			}
			for _, code := range n.Industries {
				if len(code) != 4 || strings.Trim(code, "0123456789") != "" {
					t.Errorf("%s/%s: industry %q is not a four-digit class", c.ID, n.ID, code)
				}
			}
			// Node importance is the PageRank of the supply graph (match/gaps.go);
			// the embedded chains set none, so no hand-set weight hides it.
			if n.Importance != 0 {
				t.Errorf("%s/%s: importance %v set by hand; leave it to PageRank over the edges", c.ID, n.ID, n.Importance)
			}
		}
		for _, s := range []chainmatch.Stage{chainmatch.Upstream, chainmatch.Midstream, chainmatch.Downstream} {
			if stages[s] == 0 {
				t.Errorf("%s: no %s node", c.ID, s)
			}
		}
		if len(c.Edges) == 0 {
			t.Errorf("%s: no supply edges", c.ID)
		}
		for _, e := range c.Edges {
			if !nodeIDs[e.From] || !nodeIDs[e.To] {
				t.Errorf("%s: edge %s→%s joins a missing node", c.ID, e.From, e.To)
			}
		}
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
	}
	for _, id := range wantChainIDs {
		if !ids[id] {
			t.Errorf("chain %q missing", id)
		}
	}
}

// TestChainsIndustryCodesExist checks every node's GB/T 4754-2017 code against the
// official class list when the shared data candidates are present.
func TestChainsIndustryCodesExist(t *testing.T) {
	rows := shared.CSV(t, "data-candidates", "industry", "gbt4754-2017.csv")
	classes := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) >= 7 && r[0] == "4" {
			classes[r[5]] = r[6]
		}
	}
	if len(classes) < 1000 {
		t.Fatalf("read %d classes, want the ~1,380 of GB/T 4754-2017", len(classes))
	}
	chains, err := Chains()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chains {
		for _, n := range c.Nodes {
			for _, code := range n.Industries {
				if _, ok := classes[code]; !ok {
					t.Errorf("%s/%s: %s is not a GB/T 4754-2017 class", c.ID, n.ID, code)
				}
			}
		}
	}
}

func TestReadChainsErrors(t *testing.T) {
	good := `{"id":"x","name":"测试","name_en":"Test","nodes":[` +
		`{"id":"a","name":"甲","name_en":"A","stage":"upstream","keywords":["甲"],"keywords_en":["a"],"industries":["3841"]},` +
		`{"id":"b","name":"乙","name_en":"B","stage":"downstream","keywords":["乙"],"keywords_en":["b"],"industries":["3841"]}],` +
		`"edges":[{"from":"a","to":"b"}]}`
	tests := []struct {
		name string
		file string
		want []string // substrings of the error
	}{
		{"bad stage", strings.Replace(good, `"downstream"`, `"sideways"`, 1), []string{"chains/x.json: ", "nodes[1].stage"}},
		{"unknown node field", strings.Replace(good, `"stage":"upstream"`, `"stage":"upstream","colour":"red"`, 1), []string{"chains/x.json: nodes[0].colour: unknown field"}},
		{"unknown top field", strings.Replace(good, `"id":"x"`, `"id":"x","extra":1`, 1), []string{"chains/x.json: extra: unknown field"}},
		{"mistyped importance", strings.Replace(good, `"stage":"upstream"`, `"stage":"upstream","importance":"high"`, 1), []string{"chains/x.json: nodes[0].importance: not a number"}},
		{"mistyped prefix", strings.Replace(good, `"edges"`, `"labels":[{"words":["丙"],"nodes":{"a":0.5},"prefix":"yes"}],"edges"`, 1), []string{"chains/x.json: labels[0].prefix: not true or false"}},
		{"bad code", strings.Replace(good, `"industries":["3841"]}]`, `"industries":["38X1"]}]`, 1), []string{"chains/x.json: ", "nodes[1].industries[0]"}},
		{"mistyped head", strings.Replace(good, `"edges"`, `"heads":[{"node":"a","words":"电机"}],"edges"`, 1), []string{"chains/x.json: heads[0].words: not an array"}},
		{"mistyped trade", strings.Replace(good, `"edges"`, `"trade":["a"],"edges"`, 1), []string{"chains/x.json: trade: not a string"}},
		{"mistyped materials", strings.Replace(good, `"edges"`, `"materials":"yes","edges"`, 1), []string{"chains/x.json: materials: not true or false"}},
		{"unknown head field", strings.Replace(good, `"edges"`, `"heads":[{"node":"a","word":["电机"]}],"edges"`, 1), []string{"chains/x.json: heads[0].word: unknown field"}},
		{"edge to nowhere", strings.Replace(good, `"to":"b"`, `"to":"z"`, 1), []string{"chains/x.json: edges[0].to"}},
		{"empty english keywords", strings.Replace(good, `"keywords_en":["b"]`, `"keywords_en":[]`, 1), []string{"chains/x.json: nodes[1].keywords_en"}},
		{"syntax", good[:len(good)-3], []string{"chains/x.json: line 1"}},
		{"trailing", good + ` {}`, []string{"chains/x.json: trailing data"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"chains/x.json": {Data: []byte(tc.file)}}
			_, err := ReadChains(fsys, "chains")
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, chainmatch.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	t.Run("good", func(t *testing.T) {
		cs, err := ReadChains(fstest.MapFS{"chains/x.json": {Data: []byte(good)}}, "chains")
		if err != nil || len(cs) != 1 || cs[0].ID != "x" {
			t.Fatalf("got %v, %v", cs, err)
		}
	})
	t.Run("duplicate id", func(t *testing.T) {
		_, err := ReadChains(fstest.MapFS{"chains/x.json": {Data: []byte(good)}, "chains/y.json": {Data: []byte(good)}}, "chains")
		if err == nil || !strings.Contains(err.Error(), "chains/y.json: id") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("empty dir", func(t *testing.T) {
		_, err := ReadChains(fstest.MapFS{}, "chains")
		if !errors.Is(err, chainmatch.ErrNotFound) {
			t.Fatalf("got %v", err)
		}
	})
}

func FuzzReadChains(f *testing.F) {
	f.Add([]byte(`{"id":"x","name":"a","name_en":"b","nodes":[]}`))
	f.Add([]byte(`{"nodes":[{"id":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := ReadChains(fstest.MapFS{"c/x.json": {Data: data}}, "c")
		if err == nil {
			if len(cs) != 1 || cs[0].Validate() != nil {
				t.Fatalf("accepted an invalid chain: %v", cs)
			}
		} else if !strings.HasPrefix(err.Error(), "c/x.json: ") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
