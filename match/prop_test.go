package match

import (
	"math"
	"strconv"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func strconvF(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func synthSmall(t testing.TB) (*Pool, []chainmatch.Chain) {
	chains := []chainmatch.Chain{evChain(), otherChain()}
	return synthPool(t, 3000, chains, testCounties(), 7), chains
}

func TestPropertyContributionsSumToScore(t *testing.T) {
	p, chains := synthSmall(t)
	for _, code := range []string{"331122", "440106", "331100-edz"} {
		res, err := Rank(p, Request{County: county(t, code), Chain: &chains[0], Now: testNow, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Targets) == 0 {
			t.Fatal("no targets")
		}
		for _, tg := range res.Targets {
			var sum float64
			for _, v := range tg.Contributions {
				sum += v
			}
			if math.Abs(sum-tg.Score) > 1e-9 {
				t.Fatalf("%s %s: contributions sum %v != score %v", code, tg.Enterprise.ID, sum, tg.Score)
			}
			if len(tg.Contributions) != len(chainmatch.Features) {
				t.Fatalf("contributions %v", tg.Contributions)
			}
		}
		for k := 1; k < len(res.Targets); k++ {
			if res.Targets[k].Score > res.Targets[k-1].Score {
				t.Fatalf("not sorted at %d", k)
			}
		}
	}
}

// Adding a candidate to the request does not reorder the others: a score depends
// only on the candidate's own features and on chain-wide means.
func TestPropertyUnrelatedCandidateKeepsOrder(t *testing.T) {
	p, chains := synthSmall(t)
	req := Request{County: county(t, "331122"), Chain: &chains[0], Now: testNow, Limit: 3000}
	all, err := Rank(p, req)
	if err != nil {
		t.Fatal(err)
	}
	// The request's candidates without one seq, then with it.
	seqs := all.Seqs
	drop := seqs[len(seqs)/3]
	var without []uint32
	for _, s := range seqs {
		if s != drop {
			without = append(without, s)
		}
	}
	req.Candidates = without
	less, err := Rank(p, req)
	if err != nil {
		t.Fatal(err)
	}
	var rest []uint32
	for _, s := range all.Seqs {
		if s != drop {
			rest = append(rest, s)
		}
	}
	if !equalU32(rest, less.Seqs) {
		t.Fatalf("removing seq %d reordered the others", drop)
	}
	// (Adding a record to the pool is new data: it moves the location quotients'
	// denominators and so, rightly, the gaps; the property is about candidates.)
}

func equalU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Raising β_k never moves a candidate stronger in feature k below a weaker one.
func TestPropertyRaisingWeightIsMonotone(t *testing.T) {
	p, chains := synthSmall(t)
	for _, f := range chainmatch.Features {
		t.Run(f, func(t *testing.T) {
			w := DefaultWeights()
			req := Request{County: county(t, "440106"), Chain: &chains[0], Now: testNow, Limit: 3000, Weights: &w}
			before, err := Rank(p, req)
			if err != nil {
				t.Fatal(err)
			}
			w2 := DefaultWeights()
			w2.Beta = map[string]float64{}
			for k, v := range w.Beta {
				w2.Beta[k] = v
			}
			w2.Beta[f] += 0.5
			req.Weights = &w2
			after, err := Rank(p, req)
			if err != nil {
				t.Fatal(err)
			}
			posB, posA := map[uint32]int{}, map[uint32]int{}
			xs := map[uint32]float64{}
			for k, s := range before.Seqs {
				posB[s] = k
				xs[s] = before.Targets[k].Contributions[f] / w.Beta[f]
			}
			for k, s := range after.Seqs {
				posA[s] = k
			}
			seqs := before.Seqs
			for a := 0; a < len(seqs); a += 7 {
				for b := a + 1; b < len(seqs); b += 11 {
					sa, sb := seqs[a], seqs[b] // a ranked above b before
					if xs[sa] > xs[sb]+1e-12 && posA[sa] > posA[sb] {
						t.Fatalf("raising %s moved %d (x=%v) below %d (x=%v)", f, sa, xs[sa], sb, xs[sb])
					}
				}
			}
		})
	}
}

// Parallel scoring gives the same ranking as one core.
func TestParallelScoringMatchesSerial(t *testing.T) {
	p, chains := synthSmall(t)
	req := Request{County: county(t, "331122"), Chain: &chains[0], Now: testNow, Limit: 3000}
	serial, err := Rank(p, req)
	if err != nil {
		t.Fatal(err)
	}
	p.parallelMin = 1
	defer func() { p.parallelMin = 40_000 }()
	par, err := Rank(p, req)
	if err != nil {
		t.Fatal(err)
	}
	if !equalU32(serial.Seqs, par.Seqs) || serial.Counts.Local != par.Counts.Local || serial.Counts.Scored != par.Counts.Scored {
		t.Fatalf("parallel ranking differs: %+v vs %+v", serial.Counts, par.Counts)
	}
	for k := range serial.Targets {
		if serial.Targets[k].Score != par.Targets[k].Score {
			t.Fatalf("score %d differs", k)
		}
	}
}

// More text evidence never lowers a candidate's score: raising one candidate's
// node text score (or giving it one where it had none) can move the node's median
// and with it the others' text, but never its own score down.
func TestPropertyMoreTextNeverLowersScore(t *testing.T) {
	chains := []chainmatch.Chain{evChain(), otherChain()}
	ch := &chains[0]
	// raw[node][seq]: a deterministic spread of scores over the tagged records,
	// a third of them without any (their text does not name the node).
	base := func(p *Pool) map[string]map[uint32]float64 {
		raw := map[string]map[uint32]float64{}
		for _, n := range ch.Nodes {
			raw[n.ID] = map[uint32]float64{}
		}
		for _, s := range p.Seqs(ch.ID) {
			i := p.index(s)
			for k := p.tagOff[i]; k < p.tagOff[i+1]; k++ {
				g := int(p.tagNode[k]) - p.nodeBase[0]
				if g >= 0 && g < len(ch.Nodes) && s%3 != 0 {
					raw[ch.Nodes[g].ID][s] = float64(s%17) + 0.5
				}
			}
		}
		return raw
	}
	score := func(raw map[string]map[uint32]float64, seq uint32) float64 {
		p := synthPool(t, 800, chains, testCounties(), 3)
		for node, m := range raw {
			var seqs []uint32
			var vs []float64
			for s, v := range m {
				seqs = append(seqs, s)
				vs = append(vs, v)
			}
			if err := p.SetNodeText(ch.ID, node, seqs, vs); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Rank(p, Request{County: county(t, "440106"), Chain: ch, Now: testNow, Limit: 1000,
			Candidates: []uint32{seq}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Targets) != 1 {
			return math.NaN() // located in the county: presence, not a target
		}
		return res.Targets[0].Score
	}
	p := synthPool(t, 800, chains, testCounties(), 3)
	seqs := p.Seqs(ch.ID)
	if len(seqs) < 30 {
		t.Fatalf("only %d candidates", len(seqs))
	}
	checked, rose := 0, 0
	for k := 0; k < len(seqs) && checked < 12; k += len(seqs) / 20 {
		seq := seqs[k]
		raw := base(p)
		before := score(raw, seq)
		if math.IsNaN(before) {
			continue
		}
		for node := range raw {
			if _, tagged := raw[node][seq]; tagged || seq%3 == 0 {
				raw[node][seq] = raw[node][seq]*3 + 5
			}
		}
		after := score(raw, seq)
		if after < before-1e-12 {
			t.Errorf("seq %d: more text evidence lowered its score from %v to %v", seq, before, after)
		}
		if after > before {
			rose++
		}
		checked++
	}
	if checked < 10 || rose < checked/2 {
		t.Fatalf("checked %d candidates, %d rose: the text feature does not reach the score", checked, rose)
	}
}
