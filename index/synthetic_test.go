package index

import (
	"slices"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/synth"
	"github.com/chainmatch/chainmatch/match"
)

// The benchmarks and the tests below index SYNTHETIC enterprises from the one
// generator, datasets/synth, over the embedded chains and counties, placed at chain
// nodes by match's tagger as the engine places imported records. index does not
// import datasets or match; only its tests do (no cycle: neither imports index).

// embeddedChains returns the chains the engine ships.
func embeddedChains(tb testing.TB) []chainmatch.Chain {
	tb.Helper()
	chains, err := datasets.Chains()
	if err != nil {
		tb.Fatal(err)
	}
	return chains
}

// syntheticDocs returns the first n enterprises of the synthetic pool of seed as
// index documents with seqs 1..n, tagged at chain nodes. The documents are made
// before the first call of the generator, so that a benchmark times the build only.
func syntheticDocs(tb testing.TB, n int, seed uint64) func() (Doc, bool, error) {
	tb.Helper()
	chains := embeddedChains(tb)
	counties, err := datasets.Counties()
	if err != nil {
		tb.Fatal(err)
	}
	tagger := match.NewTagger(chains)
	docs := make([]Doc, 0, n)
	err = synth.Visit(synth.GenConfig{Enterprises: n, Seed: seed}, chains, counties, func(i int, e *chainmatch.Enterprise) error {
		e.NodeTags = tagger.Enterprise(e)
		docs = append(docs, EnterpriseDoc(uint32(i+1), e))
		return nil
	}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return func() (Doc, bool, error) {
		if len(docs) == 0 {
			return Doc{}, false, nil
		}
		d := docs[0]
		docs = docs[1:]
		return d, true, nil
	}
}

// TestSyntheticDocs holds the benchmark documents to what the benchmarks assume:
// the same seed gives the same documents, seqs run 1..n, every node is a node of
// the embedded chains, and enough of them sit at chain nodes to time retrieval.
func TestSyntheticDocs(t *testing.T) {
	const n = 2000
	next, again := syntheticDocs(t, n, 7), syntheticDocs(t, n, 7)
	known := map[string]bool{}
	for _, c := range embeddedChains(t) {
		for _, nd := range c.Nodes {
			known[c.ID+"/"+nd.ID] = true
		}
	}
	count, tagged := 0, 0
	for {
		d, ok, err := next()
		d2, _, _ := again()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		count++
		if d.Name != d2.Name || d.Scope != d2.Scope || !slices.Equal(d.Nodes, d2.Nodes) {
			t.Fatalf("seq %d differs between runs with one seed", d.Seq)
		}
		if d.Seq != uint32(count) || d.Name == "" || d.Kind != chainmatch.KindEnterprise {
			t.Fatalf("bad doc %+v", d)
		}
		for _, nd := range d.Nodes {
			if !known[nd] {
				t.Fatalf("node %q not in the embedded chains", nd)
			}
		}
		if len(d.Nodes) > 0 {
			tagged++
		}
	}
	if count != n {
		t.Fatalf("%d docs, want %d", count, n)
	}
	t.Logf("%d of %d documents at a chain node", tagged, n)
	if tagged < n/20 {
		t.Errorf("only %d of %d documents at a chain node", tagged, n)
	}
}
