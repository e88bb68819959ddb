package match_test

import (
	"fmt"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// The engine's sequence: build the pool once, then rank per request. The chain,
// counties and enterprises here are a tiny synthetic example.
func Example() {
	chain := chainmatch.Chain{ID: "ev", Name: "电动车", NameEN: "Electric vehicles",
		Nodes: []chainmatch.Node{
			{ID: "motor", Name: "轮毂电机", NameEN: "hub motors", Stage: chainmatch.Upstream},
			{ID: "vehicle", Name: "整车", NameEN: "vehicles", Stage: chainmatch.Downstream},
		},
		Edges: []chainmatch.Edge{{From: "motor", To: "vehicle"}}}
	jinyun := chainmatch.County{Code: "331122", Name: "缙云县", City: "331100", Province: "33", Lat: 28.66, Lon: 120.09,
		Channels: []chainmatch.Channel{{Type: chainmatch.Chamber, Name: "广州缙云商会", NameEN: "Guangzhou Jinyun Chamber of Commerce", Where: "440100"}}}
	tianhe := chainmatch.County{Code: "440106", Name: "天河区", City: "440100", Province: "44", Lat: 23.12, Lon: 113.36}

	pool := match.NewPool([]chainmatch.Chain{chain}, []chainmatch.County{jinyun, tianhe})
	tag := func(node string) []chainmatch.NodeTag {
		return []chainmatch.NodeTag{{Chain: "ev", Node: node, Confidence: 1}}
	}
	pool.Add(1, &chainmatch.Enterprise{ID: "a", Name: "缙云整车", County: "331122", NodeTags: tag("vehicle")})
	pool.Add(2, &chainmatch.Enterprise{ID: "b", Name: "广州电机", County: "440106",
		Tags: []chainmatch.Tag{chainmatch.TagListed}, NodeTags: tag("motor")})
	pool.Add(3, &chainmatch.Enterprise{ID: "c", Name: "广州整车", County: "440106", NodeTags: tag("vehicle")})
	pool.Freeze()

	res, err := match.Rank(pool, match.Request{County: &jinyun, Chain: &chain, Limit: 10,
		Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	for _, t := range res.Targets {
		fmt.Printf("%d %s %s %.3f %s\n", t.Rank, t.Enterprise.Name, t.Node, t.Score, t.Channel.Name)
		fmt.Println(" ", t.Reasons[0].EN)
	}
	fmt.Println("local presence:", res.Counts.Local)
	// Output:
	// 1 广州电机 motor 0.152 广州缙云商会
	//   Target node (no local data: ranked by importance and positioning): hub motors (priority 0.33, confidence 1.00)
	// 2 广州整车 vehicle 0.152 广州缙云商会
	//   Target node (few local records: presence mostly estimated from the region): vehicles (priority 0.33, confidence 1.00)
	// local presence: 1
}
