package match

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.json")

// realChains returns the chains datasets embeds (test-only: match does not import
// datasets; datasets does not import match).
func realChains(t testing.TB) []chainmatch.Chain {
	t.Helper()
	chains, err := datasets.Chains()
	if err != nil {
		t.Fatal(err)
	}
	return chains
}

// realCounties returns the counties datasets embeds: every division with the
// profiles (positioning, channels, platforms) merged in by datasets.ReadCounties.
func realCounties(t testing.TB) []chainmatch.County {
	t.Helper()
	counties, err := datasets.Counties()
	if err != nil {
		t.Fatal(err)
	}
	return counties
}

type goldenCase struct {
	county, chain string
	// planted: enterprises an analyst would put first (a leader at an emphasised
	// node, reachable through the county's own chamber or station); the golden file
	// pins their reciprocal rank.
	planted []*chainmatch.Enterprise
}

type goldenFile struct {
	County   string         `json:"county"`
	Chain    string         `json:"chain"`
	Scored   int            `json:"scored"`
	TopNodes []string       `json:"top_gap_nodes"`
	Top      []goldenTarget `json:"top"`
	// RR is the reciprocal rank of the first planted enterprise.
	RR float64 `json:"rr"`
}

type goldenTarget struct {
	Rank    int     `json:"rank"`
	ID      string  `json:"id"`
	Score   float64 `json:"score"`
	Node    string  `json:"node"`
	Channel string  `json:"channel"`
}

func planted(id, county, chain, node string, tags ...chainmatch.Tag) *chainmatch.Enterprise {
	e := ent(id, county, tags)
	e.NodeTags = []chainmatch.NodeTag{{Chain: chain, Node: node, Confidence: 1,
		Evidence: []chainmatch.Evidence{{Field: "products", Match: node, Kind: "keyword"}}}}
	e.RegisteredCapitalWan = ptr(80000.0)
	e.Employees = ptr(2500)
	e.Founded = "2012-05-01"
	e.Signals = []chainmatch.Event{{Type: chainmatch.SignalExpansion, Date: "2026-08-15", Detail: "synthetic expansion"}}
	return e
}

// TestGoldenRankings ranks a seeded synthetic pool (synthEnterprise over the real
// chains and counties, plus planted candidates) for several Lishui counties and
// pins the top ten and the reciprocal rank of the planted candidates; MRR over the
// cases is pinned too. Refresh with go test ./match -run Golden -update.
func TestGoldenRankings(t *testing.T) {
	chains := realChains(t)
	counties := realCounties(t)
	cases := []goldenCase{
		{"331181", "auto-parts", []*chainmatch.Enterprise{
			planted("plant-gz-compressor", "440106", "auto-parts", "ac-compressors", chainmatch.TagLeader, chainmatch.TagListed)}},
		{"331122", "short-distance-transport", nil},
		{"331100-edz", "semiconductor", []*chainmatch.Enterprise{
			planted("plant-sz-equipment", "320505", "semiconductor", "equipment", chainmatch.TagLeader, chainmatch.TagHighTech)}},
		{"331124", "intelligent-transport", []*chainmatch.Enterprise{
			planted("plant-hz-delivery", "330106", "intelligent-transport", "unmanned-delivery", chainmatch.TagLittleGiant, chainmatch.TagHighGrowth)}},
	}
	var extra []*chainmatch.Enterprise
	for _, c := range cases {
		extra = append(extra, c.planted...)
	}
	p := synthPoolOver(t, 20000, chains, counties, 11, extra)
	byCode := map[string]*chainmatch.County{}
	for i := range counties {
		byCode[counties[i].Code] = &counties[i]
	}
	byChain := map[string]*chainmatch.Chain{}
	for i := range chains {
		byChain[chains[i].ID] = &chains[i]
	}
	var mrr float64
	var nPlanted int
	for _, gc := range cases {
		t.Run(gc.county+"-"+gc.chain, func(t *testing.T) {
			cty, ch := byCode[gc.county], byChain[gc.chain]
			if cty == nil || ch == nil {
				t.Skipf("county %s or chain %s not in the data", gc.county, gc.chain)
			}
			res, err := Rank(p, Request{County: cty, Chain: ch, Now: testNow, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			g := goldenFile{County: gc.county, Chain: gc.chain, Scored: res.Counts.Scored}
			nodes := append([]NodeGap(nil), res.Gaps.Nodes...)
			sort.SliceStable(nodes, func(a, b int) bool { return nodes[a].Priority > nodes[b].Priority })
			for _, n := range nodes[:min(3, len(nodes))] {
				g.TopNodes = append(g.TopNodes, n.ID)
			}
			for _, tg := range res.Targets[:min(10, len(res.Targets))] {
				g.Top = append(g.Top, goldenTarget{Rank: tg.Rank, ID: tg.Enterprise.ID,
					Score: math.Round(tg.Score*1e6) / 1e6, Node: tg.Node, Channel: string(tg.Channel.Type) + ":" + tg.Channel.Name})
			}
			if len(gc.planted) > 0 {
				ids, scores := make([]string, len(res.Targets)), make([]float64, len(res.Targets))
				for k, tg := range res.Targets {
					ids[k], scores[k] = tg.Enterprise.ID, tg.Score
				}
				rel := map[string]bool{}
				for _, e := range gc.planted {
					rel[e.ID] = true
				}
				g.RR = Measure(ids, scores, rel, 1).RR
				mrr += g.RR
				nPlanted++
				// Proximity weighs most, so a planted leader far from the county
				// competes with the many near ones; it must still make the top 50.
				if g.RR < 1.0/50 {
					t.Errorf("planted candidate ranked at 1/%v, want in the top 50", g.RR)
				}
			}
			checkGolden(t, filepath.Join("testdata", "golden", gc.county+"-"+gc.chain+".json"), g)
		})
	}
	if nPlanted > 0 {
		checkGolden(t, filepath.Join("testdata", "golden", "mrr.json"),
			map[string]float64{"mrr": math.Round(mrr/float64(nPlanted)*1e6) / 1e6})
	}
}

func checkGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./match -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the ranking; got:\n%s", path, got)
	}
}

// synthPoolOver is synthPool over real counties on the golden tests' stream.
func synthPoolOver(t testing.TB, n int, chains []chainmatch.Chain, counties []chainmatch.County, seed uint64, extra []*chainmatch.Enterprise) *Pool {
	t.Helper()
	return synthPoolStream(t, n, chains, counties, seed, 0x601d, extra...)
}
