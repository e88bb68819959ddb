package match

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/internal/shared"
)

// TestRealFirmNodes measures the tagger on 100 hand-labelled real firms
// (testdata/realfirms.tsv; their records are read from ../shared/eval-dev). For
// every chain a firm is tagged to, its most confident node there is the node it
// is placed at; node precision is the share of those placements that the labels
// hold, node recall the share of labelled chain/node pairs placed; chain
// precision and recall are the same at the level of chains. Label-only A-share
// records and firms with a business text are reported apart. The floors sit just
// under the measured values so a regression fails.
func TestRealFirmNodes(t *testing.T) {
	recs := map[string]*chainmatch.Enterprise{}
	f, err := os.Open(shared.File(t, "eval-dev", "pool.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		e := new(chainmatch.Enterprise)
		if err := json.Unmarshal(sc.Bytes(), e); err != nil {
			t.Fatal(err)
		}
		recs[e.ID] = e
	}
	lf, err := os.ReadFile(filepath.Join("testdata", "realfirms.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	tg := NewTagger(realChains(t))
	type count struct{ placed, placedOK, labelled, found, chainPred, chainPredOK, chainLab, chainFound int }
	var c [2]count // 0: with business text, 1: label only
	n := 0
	for _, line := range strings.Split(string(lf), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		e := recs[parts[0]]
		if e == nil {
			t.Fatalf("%s is not in the development pool", parts[0])
		}
		n++
		want := map[string]bool{}
		wantChain := map[string]bool{}
		if parts[1] != "-" {
			for _, p := range strings.Fields(parts[1]) {
				want[p] = true
				wantChain[strings.Split(p, "/")[0]] = true
			}
		}
		best := map[string]chainmatch.NodeTag{}
		for _, nt := range tg.Enterprise(e) {
			if b, ok := best[nt.Chain]; !ok || nt.Confidence > b.Confidence {
				best[nt.Chain] = nt
			}
		}
		k := 0
		if chainmatch.SameText(e.Scope, e.Industry) || e.Scope == "" {
			k = 1
		}
		for ch, nt := range best {
			c[k].placed++
			c[k].chainPred++
			if want[ch+"/"+nt.Node] {
				c[k].placedOK++
			} else {
				t.Logf("%s %s: placed at %s/%s (%.2f), labels %s", parts[0], e.Name, ch, nt.Node, nt.Confidence, parts[1])
			}
			if wantChain[ch] {
				c[k].chainPredOK++
			}
		}
		for p := range want {
			c[k].labelled++
			ch := strings.Split(p, "/")[0]
			if nt, ok := best[ch]; ok && ch+"/"+nt.Node == p {
				c[k].found++
			}
		}
		for ch := range wantChain {
			c[k].chainLab++
			if _, ok := best[ch]; ok {
				c[k].chainFound++
			}
		}
	}
	if n != 100 {
		t.Fatalf("%d labelled firms, want 100", n)
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	var all count
	for k, name := range []string{"with text", "label only"} {
		x := c[k]
		t.Logf("%-10s node P %.2f (%d/%d) R %.2f (%d/%d); chain P %.2f R %.2f", name,
			ratio(x.placedOK, x.placed), x.placedOK, x.placed, ratio(x.found, x.labelled), x.found, x.labelled,
			ratio(x.chainPredOK, x.chainPred), ratio(x.chainFound, x.chainLab))
		all.placed += x.placed
		all.placedOK += x.placedOK
		all.labelled += x.labelled
		all.found += x.found
		all.chainPred += x.chainPred
		all.chainPredOK += x.chainPredOK
		all.chainLab += x.chainLab
		all.chainFound += x.chainFound
	}
	got := fmt.Sprintf("node P %.2f R %.2f, chain P %.2f R %.2f", ratio(all.placedOK, all.placed), ratio(all.found, all.labelled),
		ratio(all.chainPredOK, all.chainPred), ratio(all.chainFound, all.chainLab))
	t.Log("all:", got)
	floors := []struct {
		what      string
		got, want float64
	}{
		{"node precision", ratio(all.placedOK, all.placed), 0.40},
		{"node recall", ratio(all.found, all.labelled), 0.48},
		{"chain precision", ratio(all.chainPredOK, all.chainPred), 0.65},
		{"chain recall", ratio(all.chainFound, all.chainLab), 0.88},
	}
	for _, fl := range floors {
		if fl.got < fl.want {
			t.Errorf("%s %.2f below the floor %.2f", fl.what, fl.got, fl.want)
		}
	}
}
