package match

import (
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func tagged(id string, score float64, tags ...chainmatch.Tag) chainmatch.Target {
	return chainmatch.Target{Enterprise: &chainmatch.EnterpriseSummary{ID: id, Tags: tags}, Score: score}
}

func ids(l []chainmatch.Target) string {
	var b strings.Builder
	for _, t := range l {
		b.WriteString(t.Enterprise.ID)
	}
	return b.String()
}

func TestApplyQuotas(t *testing.T) {
	ff, ld, ls := chainmatch.TagForeignFunded, chainmatch.TagLeader, chainmatch.TagListed
	ranked := []chainmatch.Target{
		tagged("a", 9), tagged("b", 8), tagged("c", 7, ff),
		tagged("d", 6), tagged("e", 5, ff, ld), tagged("f", 4, ld), tagged("g", 3, ls),
	}
	q := func(tag chainmatch.Tag, min int) chainmatch.Quota { return chainmatch.Quota{Tag: tag, Min: min} }
	cases := []struct {
		name     string
		n        int
		quotas   []chainmatch.Quota
		want     string
		feasible bool
		unmet    []string // labels of unmet quotas
		givenUp  float64
	}{
		{"none", 3, nil, "abc", true, nil, 0},
		{"met by the top n", 3, []chainmatch.Quota{q(ff, 1)}, "abc", true, nil, 0},
		// e carries both tags: one swap meets two quotas.
		{"overlap", 4, []chainmatch.Quota{q(ff, 2), q(ld, 1)}, "abce", true, nil, 1},
		{"two leaders", 4, []chainmatch.Quota{q(ff, 2), q(ld, 2)}, "acef", true, nil, 30 - 25},
		{"share", 4, []chainmatch.Quota{{Tag: ld, Share: 0.5}}, "abef", true, nil, 7 + 6 - 5 - 4},
		{"node", 2, []chainmatch.Quota{{Node: "motor", Min: 1}}, "ab", false, []string{"node:motor"}, 0},
		{"too few listed", 3, []chainmatch.Quota{q(ls, 2), q(ff, 1)}, "acg", false, []string{"tag:listed"}, 8 - 3},
		// Sum of minimums above n, but overlapping: still feasible.
		{"overlap above n", 1, []chainmatch.Quota{q(ff, 1), q(ld, 1)}, "e", true, nil, 4},
		{"more than n", 2, []chainmatch.Quota{q(ld, 3)}, "ef", false, []string{"tag:leader"}, 17 - 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, rep, err := ApplyQuotas(ranked, c.n, c.quotas)
			if err != nil {
				t.Fatal(err)
			}
			if ids(got) != c.want {
				t.Errorf("picked %s, want %s", ids(got), c.want)
			}
			for i, tg := range got {
				if tg.Rank != i+1 {
					t.Errorf("rank %d at %d", tg.Rank, i)
				}
			}
			if rep.Feasible != c.feasible {
				t.Errorf("feasible %v, want %v: %+v", rep.Feasible, c.feasible, rep.Quotas)
			}
			var unmet []string
			for _, s := range rep.Quotas {
				if !s.Met {
					unmet = append(unmet, s.Label())
					if s.Reason == nil {
						t.Errorf("%s unmet without a reason", s.Label())
					}
				}
			}
			if strings.Join(unmet, ",") != strings.Join(c.unmet, ",") {
				t.Errorf("unmet %v, want %v", unmet, c.unmet)
			}
			if math.Abs(rep.ScoreGivenUp-c.givenUp) > 1e-9 {
				t.Errorf("score given up %v, want %v", rep.ScoreGivenUp, c.givenUp)
			}
		})
	}
	if _, _, err := ApplyQuotas(ranked, 2, []chainmatch.Quota{{Tag: "nope", Min: 1}}); !errors.Is(err, chainmatch.ErrInvalid) {
		t.Errorf("unknown tag: %v", err)
	}
}

// On small random instances, compare with the best feasible selection found by
// enumeration: whenever one exists the repair meets every quota, and it never
// gives up less score than the optimum (which would mean it is wrong).
func TestApplyQuotasAgainstEnumeration(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tags := []chainmatch.Tag{chainmatch.TagForeignFunded, chainmatch.TagLeader, chainmatch.TagHighTech}
	found, feasible := 0, 0
	for trial := 0; trial < 300; trial++ {
		m, n := 10, 4
		ranked := make([]chainmatch.Target, m)
		for i := range ranked {
			var tg []chainmatch.Tag
			for _, g := range tags {
				if r.Float64() < .3 {
					tg = append(tg, g)
				}
			}
			ranked[i] = tagged(string(rune('a'+i)), float64(m-i)+r.Float64()*.5, tg...)
		}
		var quotas []chainmatch.Quota
		for _, g := range tags {
			quotas = append(quotas, chainmatch.Quota{Tag: g, Min: r.IntN(3)})
		}
		best := math.Inf(-1)
		for mask := uint(0); mask < 1<<m; mask++ {
			if bits.OnesCount(mask) != n {
				continue
			}
			ok, s := true, 0.0
			for k, q := range quotas {
				c := 0
				for i := range ranked {
					if mask&(1<<i) != 0 && quotaHas(&ranked[i], &quotas[k]) {
						c++
					}
				}
				ok = ok && c >= q.Min
			}
			for i := range ranked {
				if mask&(1<<i) != 0 {
					s += ranked[i].Score
				}
			}
			if ok && s > best {
				best = s
			}
		}
		got, rep, err := ApplyQuotas(ranked, n, quotas)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("picked %d, want %d", len(got), n)
		}
		if math.IsInf(best, -1) {
			if rep.Feasible {
				t.Errorf("trial %d: reported feasible where no selection is", trial)
			}
			continue
		}
		feasible++
		if rep.Feasible {
			found++
			if rep.Score > best+1e-9 {
				t.Errorf("trial %d: score %v above the optimum %v", trial, rep.Score, best)
			}
		}
	}
	t.Logf("repair met the quotas in %d of %d feasible instances", found, feasible)
	if found < feasible {
		t.Errorf("repair missed %d feasible instances", feasible-found)
	}
}
