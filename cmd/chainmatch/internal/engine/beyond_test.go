package engine

import (
	"context"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// One engine over a synthetic pool (a real SQLite store and index) for the work
// beyond one ranked list: the county view, quotas with the jinyun-450 preset, and
// a city-wide run.
func TestBeyond(t *testing.T) {
	eng := openSynthetic(t, 3000, 600)
	ctx := context.Background()

	t.Run("county view lists talents per gap node", func(t *testing.T) {
		v, err := eng.CountyView(ctx, "331122", "short-distance-transport", 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Nodes) == 0 {
			t.Fatal("no nodes")
		}
		withTalents := 0
		for i, n := range v.Nodes {
			if i > 0 && n.Priority > v.Nodes[i-1].Priority {
				t.Errorf("node %s out of priority order", n.ID)
			}
			for _, tg := range n.Enterprises {
				if tg.Enterprise == nil || tg.Node != n.ID {
					t.Errorf("node %s lists enterprise target %+v", n.ID, tg)
				}
			}
			for _, tg := range n.Talents {
				if tg.Talent == nil || tg.Node != n.ID {
					t.Errorf("node %s lists talent target %+v", n.ID, tg)
				}
			}
			if len(n.Talents) > 0 {
				withTalents++
			}
		}
		if withTalents == 0 {
			t.Errorf("no node lists a talent")
		}
	})

	t.Run("quotas", func(t *testing.T) {
		res, err := eng.Match(ctx, MatchRequest{County: "331122", Chain: "short-distance-transport", Preset: "jinyun-450"})
		if err != nil {
			t.Fatal(err)
		}
		q := res.Quotas
		if q == nil || q.N != 450 || len(q.Quotas) != 5 || len(res.Targets) != min(450, res.Counts.Scored) {
			t.Fatalf("quota report %+v, %d targets of %d scored", q, len(res.Targets), res.Counts.Scored)
		}
		for _, s := range q.Quotas {
			got := 0
			for _, tg := range res.Targets {
				for _, g := range tg.Enterprise.Tags {
					if g == s.Tag {
						got++
					}
				}
			}
			if got != s.Got || s.Met != (got >= s.Want) || !s.Met && s.Reason == nil {
				t.Errorf("%s: counted %d, report %+v", s.Label(), got, s)
			}
			if s.Available >= s.Want && !s.Met {
				t.Errorf("%s feasible (%d available) but unmet", s.Label(), s.Available)
			}
		}
		if q.ScoreGivenUp < 0 {
			t.Errorf("score given up %v", q.ScoreGivenUp)
		}
		if _, err := eng.Match(ctx, MatchRequest{County: "331122", Chain: "semiconductor", Preset: "jinyun-450"}); chainmatch.Fields(err)["preset"] == "" {
			t.Errorf("preset on another chain: %v", err)
		}
	})

	t.Run("city", func(t *testing.T) {
		res, err := eng.CityMatch(ctx, MatchRequest{City: "3311", Chain: "short-distance-transport", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Assignments) != 10 {
			t.Errorf("%d counties, want Lishui's nine and the EDZ", len(res.Assignments))
		}
		seen := map[string]string{}
		for _, a := range res.Assignments {
			for _, tg := range a.Targets {
				if prev, dup := seen[tg.Enterprise.ID]; dup {
					t.Errorf("%s offered to %s and %s", tg.Enterprise.ID, prev, a.County)
				}
				seen[tg.Enterprise.ID] = a.County
			}
		}
		for _, c := range res.Conflicts {
			if len(c.Claims) < 2 || c.Resolution.ZH == "" || c.Resolution.EN == "" {
				t.Errorf("conflict %+v", c)
			}
		}
		byName, err := eng.CityMatch(ctx, MatchRequest{City: "丽水市", Chain: "智能短交通", Limit: 10})
		if err != nil || byName.City != "331100" || byName.Chain != "short-distance-transport" || byName.Score != res.Score {
			t.Errorf("city and chain by name: %v; want the run by codes", err)
		}
		if _, err := eng.CityMatch(ctx, MatchRequest{City: "9999", Chain: "short-distance-transport"}); chainmatch.Fields(err)["city"] == "" {
			t.Errorf("unknown city: %v", err)
		}
	})
}
