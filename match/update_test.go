package match

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// TestPoolWith: a pool updated with changed and new records ranks exactly as a
// pool built afresh from the final records, and the old pool is left as it was.
func TestPoolWith(t *testing.T) {
	chains, counties := realChains(t), realCounties(t)
	var div []int
	for i, c := range counties {
		if !c.Platform {
			div = append(div, i)
		}
	}
	r := rand.New(rand.NewPCG(3, 9))
	const n = 3000
	recs := make([]*chainmatch.Enterprise, n)
	for i := range recs {
		recs[i] = synthEnterprise(r, i, chains, counties, div)
	}
	build := func(recs []*chainmatch.Enterprise) *Pool {
		p := NewPool(chains, counties)
		for i, e := range recs {
			if err := p.Add(uint32(i+1), e); err != nil {
				t.Fatal(err)
			}
		}
		p.Freeze()
		return p
	}
	old := build(recs)
	var changes []Change
	final := append([]*chainmatch.Enterprise(nil), recs...)
	for _, i := range []int{0, 17, 400, 1999, n - 1} { // changed: moved, retagged
		e := synthEnterprise(r, i, chains, counties, div)
		final[i] = e
		changes = append(changes, Change{Seq: uint32(i + 1), Enterprise: e})
	}
	for i := n; i < n+300; i++ { // new
		e := synthEnterprise(r, i, chains, counties, div)
		final = append(final, e)
		changes = append(changes, Change{Seq: uint32(i + 1), Enterprise: e})
	}
	// out of seq order on purpose
	changes[0], changes[len(changes)-1] = changes[len(changes)-1], changes[0]
	want := build(final)
	before := rankAll(t, old, chains, counties)
	got, err := old.With(changes)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != want.Len() {
		t.Fatalf("%d records, want %d", got.Len(), want.Len())
	}
	if g, w := rankAll(t, got, chains, counties), rankAll(t, want, chains, counties); !bytes.Equal(g, w) {
		t.Error("rankings of the updated pool differ from a pool built afresh")
	}
	if !bytes.Equal(rankAll(t, old, chains, counties), before) {
		t.Error("With changed the old pool")
	}
	if _, err := old.With([]Change{changes[0], changes[0]}); err == nil {
		t.Error("a seq twice: no error")
	}
}

// TestUpdateNodeText: node text scores of updated records are normalised with
// the median of the last full SetNodeText.
func TestUpdateNodeText(t *testing.T) {
	chains, counties := realChains(t), realCounties(t)
	p := synthPoolOver(t, 2000, chains, counties, 5, nil)
	ch := chains[0]
	node := ch.Nodes[0].ID
	seqs := p.Seqs(ch.ID)
	var at []uint32
	for _, s := range seqs {
		i := p.index(s)
		for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
			if int(p.tagNode[k]) == p.nodeBase[0] {
				at = append(at, s)
			}
		}
	}
	if len(at) < 3 {
		t.Skipf("%d records at %s/%s", len(at), ch.ID, node)
	}
	raw := make([]float64, len(at))
	for k := range raw {
		raw[k] = float64(k + 1)
	}
	if err := p.SetNodeText(ch.ID, node, at, raw); err != nil {
		t.Fatal(err)
	}
	m := p.textMedian[p.nodeBase[0]]
	q, err := p.With(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.UpdateNodeText(ch.ID, node, at[:1], []float64{100}); err != nil {
		t.Fatal(err)
	}
	i := q.index(at[0])
	for k := q.tagOff[i]; k < q.tagOff[i+1]; k++ {
		if int(q.tagNode[k]) == q.nodeBase[0] {
			if want := float32(math.Round(100*100/(100+m)) / 100); q.tagText[k] != want {
				t.Errorf("text %v, want %v (median %v)", q.tagText[k], want, m)
			}
		}
	}
	j := q.index(at[1])
	for k := q.tagOff[j]; k < q.tagOff[j+1]; k++ {
		if want := float32(math.Round(100*2/(2+m)) / 100); int(q.tagNode[k]) == q.nodeBase[0] && q.tagText[k] != want {
			t.Errorf("an unchanged record's text %v, want %v", q.tagText[k], want)
		}
	}
}

func rankAll(t *testing.T, p *Pool, chains []chainmatch.Chain, counties []chainmatch.County) []byte {
	t.Helper()
	var out []any
	for _, code := range []string{"331181", "331122", "440306"} {
		var cty *chainmatch.County
		for i := range counties {
			if counties[i].Code == code {
				cty = &counties[i]
			}
		}
		for c := range chains[:3] {
			res, err := Rank(p, Request{County: cty, Chain: &chains[c], Now: testNow, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, res)
			g, err := p.Gaps(cty, chains[c].ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, g)
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWarm: Warm builds every chain's set in one pass; rankings are those of a
// pool whose sets are built request by request.
func TestWarm(t *testing.T) {
	chains, counties := realChains(t), realCounties(t)
	cold := synthPoolOver(t, 3000, chains, counties, 13, nil)
	warm := synthPoolOver(t, 3000, chains, counties, 13, nil)
	warm.Warm(testNow)
	if len(warm.sets) != min(len(chains), maxSets) {
		t.Fatalf("%d sets after Warm, want %d", len(warm.sets), min(len(chains), maxSets))
	}
	if !bytes.Equal(rankAll(t, warm, chains, counties), rankAll(t, cold, chains, counties)) {
		t.Error("a warmed pool ranks differently")
	}
	n := len(warm.sets)
	warm.Warm(testNow)
	if len(warm.sets) != n {
		t.Errorf("a second Warm changed the sets: %d → %d", n, len(warm.sets))
	}
}
