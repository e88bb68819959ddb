package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/match"
)

// fixtureEngine is a TEST FIXTURE: a tiny real in-memory Engine over a handful of
// synthetic enterprises (made up here, not real firms), ranked by the real match
// package. The production engine lives in internal/engine.
type fixtureEngine struct {
	chains   []chainmatch.Chain
	counties []chainmatch.County
	ents     []*chainmatch.Enterprise
	pool     *match.Pool
	ready    atomic.Bool
	now      time.Time
}

func newFixtureEngine(t testing.TB) *fixtureEngine {
	t.Helper()
	chain := chainmatch.Chain{ID: "short-distance-transport", Name: "智能短交通", NameEN: "Short-distance transport",
		Nodes: []chainmatch.Node{
			{ID: "motor", Name: "轮毂电机", NameEN: "hub motors", Stage: chainmatch.Upstream},
			{ID: "battery", Name: "动力电池", NameEN: "batteries", Stage: chainmatch.Upstream},
			{ID: "vehicle", Name: "整车", NameEN: "vehicles", Stage: chainmatch.Downstream},
		},
		Edges: []chainmatch.Edge{{From: "motor", To: "vehicle"}, {From: "battery", To: "vehicle"}}}
	jinyun := chainmatch.County{Code: "331122", Name: "缙云县", City: "331100", CityName: "丽水市", Province: "33", ProvinceName: "浙江省",
		Lat: 28.66, Lon: 120.09,
		Positioning: []chainmatch.Positioning{{Chain: chain.ID, Weight: 1}},
		Channels:    []chainmatch.Channel{{Type: chainmatch.Chamber, Name: "广州缙云商会", Where: "440100"}}}
	tianhe := chainmatch.County{Code: "440106", Name: "天河区", City: "440100", CityName: "广州市", Province: "44", ProvinceName: "广东省", Lat: 23.12, Lon: 113.36}
	wuxi := chainmatch.County{Code: "320214", Name: "新吴区", City: "320200", CityName: "无锡市", Province: "32", ProvinceName: "江苏省", Lat: 31.55, Lon: 120.36}
	f := &fixtureEngine{chains: []chainmatch.Chain{chain}, counties: []chainmatch.County{jinyun, tianhe, wuxi},
		now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	tag := func(node string) []chainmatch.NodeTag {
		return []chainmatch.NodeTag{{Chain: chain.ID, Node: node, Confidence: 1}}
	}
	capital := func(v float64) *float64 { return &v }
	f.ents = []*chainmatch.Enterprise{
		{ID: "syn-1", Name: "合成缙云整车有限公司", County: "331122", City: "331100", Province: "33", NodeTags: tag("vehicle"), Source: "synthetic"},
		{ID: "syn-2", Name: "合成广州电机股份有限公司", County: "440106", City: "440100", Province: "44", USCC: "",
			Tags: []chainmatch.Tag{chainmatch.TagListed}, RegisteredCapitalWan: capital(50000), NodeTags: tag("motor"), Source: "synthetic"},
		{ID: "syn-3", Name: "合成无锡电池科技有限公司", County: "320214", City: "320200", Province: "32",
			Tags: []chainmatch.Tag{chainmatch.TagHighTech}, RegisteredCapitalWan: capital(8000), NodeTags: tag("battery"), Source: "synthetic"},
		{ID: "syn-4", Name: "合成天河整车有限公司", County: "440106", City: "440100", Province: "44", NodeTags: tag("vehicle"), Source: "synthetic"},
		{ID: "syn-5", Name: "合成新吴电机有限公司", County: "320214", City: "320200", Province: "32", NodeTags: tag("motor"), Source: "synthetic"},
	}
	f.pool = match.NewPool(f.chains, f.counties)
	for i, e := range f.ents {
		if err := f.pool.Add(uint32(i+1), e); err != nil {
			t.Fatal(err)
		}
	}
	f.pool.Freeze()
	f.ready.Store(true)
	return f
}

func (f *fixtureEngine) Ready() bool                   { return f.ready.Load() }
func (f *fixtureEngine) Chains() []chainmatch.Chain    { return f.chains }
func (f *fixtureEngine) Counties() []chainmatch.County { return f.counties }

func (f *fixtureEngine) County(code string) (*chainmatch.County, error) {
	for i := range f.counties {
		if f.counties[i].Code == code {
			return &f.counties[i], nil
		}
	}
	return nil, fmt.Errorf("county %q: %w", code, chainmatch.ErrNotFound)
}

func (f *fixtureEngine) countyChain(county, chain string) (*chainmatch.County, *chainmatch.Chain, error) {
	fe := chainmatch.FieldErrors{}
	c, err := f.County(county)
	if err != nil {
		fe.Add("county", fmt.Sprintf("unknown county %q", county))
	}
	var ch *chainmatch.Chain
	for i := range f.chains {
		if f.chains[i].ID == chain {
			ch = &f.chains[i]
		}
	}
	if ch == nil {
		fe.Add("chain", fmt.Sprintf("unknown chain %q", chain))
	}
	return c, ch, fe.Err()
}

func (f *fixtureEngine) Gaps(ctx context.Context, county, chain string, w *chainmatch.Weights) (*match.Gaps, error) {
	c, ch, err := f.countyChain(county, chain)
	if err != nil {
		return nil, err
	}
	return f.pool.Gaps(c, ch.ID, w)
}

func (f *fixtureEngine) Match(ctx context.Context, req MatchRequest) (*match.Result, error) {
	if !f.Ready() {
		return nil, fmt.Errorf("loading: %w", chainmatch.ErrUnavailable)
	}
	c, ch, err := f.countyChain(req.County, req.Chain)
	if err != nil {
		return nil, err
	}
	r := match.Request{County: c, Chain: ch, Weights: req.Weights, Limit: req.Limit,
		Node: req.Node, IncludeLocal: req.IncludeLocal, Now: f.now}
	if req.Local {
		return match.RankLocal(f.pool, r)
	}
	return match.Rank(f.pool, r)
}

func (f *fixtureEngine) Search(ctx context.Context, req SearchRequest) (*SearchResult, error) {
	res := &SearchResult{Hits: []SearchHit{}}
	for _, e := range f.ents {
		if req.Text != "" && !strings.Contains(e.Name, req.Text) {
			continue
		}
		if req.Chain != "" {
			ok := false
			for _, nt := range e.NodeTags {
				ok = ok || nt.Chain == req.Chain && (req.Node == "" || nt.Node == req.Node)
			}
			if !ok {
				continue
			}
		}
		res.Total++
		res.Hits = append(res.Hits, SearchHit{ID: e.ID, Kind: chainmatch.KindEnterprise, Name: e.Name, Score: 1,
			Province: e.Province, City: e.City, County: e.County, Tags: e.Tags})
	}
	return res, nil
}

func (f *fixtureEngine) Enterprise(ctx context.Context, id string) (*chainmatch.Enterprise, error) {
	for _, e := range f.ents {
		if e.ID == id {
			return e, nil
		}
	}
	return nil, fmt.Errorf("enterprise %q: %w", id, chainmatch.ErrNotFound)
}

// fixtureImport is a TEST FIXTURE ImportFunc: it upserts JSONL enterprises into the
// store, enough to drive POST /api/v1/import; the real pipeline is internal/importer.
func fixtureImport(st *store.Store) ImportFunc {
	return func(ctx context.Context, path, format, user string) (any, error) {
		if format != "jsonl" && !strings.HasSuffix(path, ".jsonl") {
			return nil, chainmatch.FieldErrors{"format": "the fixture reads only jsonl"}
		}
		fh, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		sum := map[string]int{}
		err = st.Import(ctx, func(tx *store.ImportTx) error {
			sc := bufio.NewScanner(fh)
			for sc.Scan() {
				sum["read"]++
				var e chainmatch.Enterprise
				if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Validate() != nil {
					sum["rejected"]++
					continue
				}
				res, err := tx.UpsertEnterprise(ctx, &e)
				if err != nil {
					return err
				}
				sum[res.Change.String()]++
			}
			return sc.Err()
		})
		return sum, err
	}
}

// testServer is a server over the fixture engine and a real SQLite store.
type testServer struct {
	*Server
	engine *fixtureEngine
	store  *store.Store
	admin  string // the token of testAdmin
}

// testAdmin is the admin every test server has, as chainmatch serve's first run
// makes one.
const testAdmin = "admin"

func newTestServer(t testing.TB, edit func(d *Deps)) *testServer {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	eng := newFixtureEngine(t)
	d := Deps{Engine: eng, Store: st, Import: fixtureImport(st),
		Log: slog.New(slog.NewJSONHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if edit != nil {
		edit(&d)
	}
	_, admin, err := st.AddUser(context.Background(), testAdmin, chainmatch.RoleAdmin, "test")
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: newServer(d), engine: eng, store: st, admin: admin}
}

// testWriter sends log lines to t.Log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewJSONHandler(testWriter{t}, nil))
}

func strconv64(n int64) string { return fmt.Sprint(n) }
