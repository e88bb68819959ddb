package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/synth"
	"github.com/chainmatch/chainmatch/match"
)

// fixedNow dates intent decay so results do not drift with the calendar.
func fixedNow() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }

// openSynthetic opens and loads an engine on a fresh data directory holding a
// small synthetic pool.
func openSynthetic(t *testing.T, enterprises, talents int) *Engine {
	t.Helper()
	return openLoaded(t, syntheticDir(t, enterprises, talents), slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// openLoaded opens and loads an engine on dir; it is closed when the test ends.
func openLoaded(t *testing.T, dir string, log *slog.Logger) *Engine {
	t.Helper()
	ctx := context.Background()
	eng, err := Open(ctx, Config{DataDir: dir, Now: fixedNow, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if err := eng.Load(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return eng
}

// syntheticDir returns a fresh data directory holding a small synthetic pool
// (synth.Generate, labelled synthetic) stored through the store.
func syntheticDir(t *testing.T, enterprises, talents int) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	chains, err := datasets.Chains()
	if err != nil {
		t.Fatal(err)
	}
	counties, err := datasets.Counties()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.GenConfig{Enterprises: enterprises, Talents: talents, Seed: 7}, chains, counties); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	err = st.Import(ctx, func(tx *store.ImportTx) error {
		sc := bufio.NewScanner(&buf)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var probe struct{ Kind string }
			if err := json.Unmarshal(sc.Bytes(), &probe); err != nil {
				return err
			}
			if probe.Kind == chainmatch.KindTalent {
				var tl chainmatch.Talent
				if err := json.Unmarshal(sc.Bytes(), &tl); err != nil {
					return err
				}
				if _, err := tx.UpsertTalent(ctx, &tl); err != nil {
					return err
				}
				continue
			}
			var e chainmatch.Enterprise
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				return err
			}
			if _, err := tx.UpsertEnterprise(ctx, &e); err != nil {
				return err
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return dir
}

func TestEngineEndToEnd(t *testing.T) {
	eng := openSynthetic(t, 3000, 200)
	ctx := context.Background()
	if !eng.Ready() {
		t.Fatal("not ready after Load")
	}

	res, err := eng.Match(ctx, MatchRequest{County: "331122", Chain: "short-distance-transport", Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) == 0 {
		t.Fatalf("no targets; counts %+v", res.Counts)
	}
	for i, tg := range res.Targets {
		if tg.Rank != i+1 {
			t.Errorf("target %d has rank %d", i, tg.Rank)
		}
		if tg.Enterprise == nil || tg.Enterprise.County == "331122" {
			t.Errorf("target %d is local or has no enterprise: %+v", i, tg.Enterprise)
		}
		if i > 0 && tg.Score > res.Targets[i-1].Score {
			t.Errorf("target %d scores above target %d", i, i-1)
		}
	}

	// A text filter goes through the index and narrows the candidates.
	narrowed, err := eng.Match(ctx, MatchRequest{County: "331122", Chain: "short-distance-transport", Query: "电动自行车", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if narrowed.Counts.Candidates == 0 || narrowed.Counts.Candidates >= res.Counts.Candidates {
		t.Errorf("text filter gave %d candidates of %d", narrowed.Counts.Candidates, res.Counts.Candidates)
	}

	g, err := eng.Gaps(ctx, "331100-edz", "semiconductor", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) < 10 {
		t.Errorf("gaps has %d nodes", len(g.Nodes))
	}

	sr, err := eng.Search(ctx, SearchRequest{Text: "e-bike", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if sr.Total == 0 || len(sr.Hits) == 0 || sr.Hits[0].Name == "" {
		t.Errorf("search e-bike: %+v", sr)
	}
	got, err := eng.Enterprise(ctx, sr.Hits[0].ID)
	if err != nil || got.Name != sr.Hits[0].Name {
		t.Errorf("Enterprise(%q) = %v, %v", sr.Hits[0].ID, got, err)
	}
}

func TestEngineErrors(t *testing.T) {
	eng := openSynthetic(t, 200, 0)
	ctx := context.Background()
	tests := []struct {
		name  string
		req   MatchRequest
		field string
	}{
		{"unknown county", MatchRequest{County: "999999", Chain: "semiconductor"}, "county"},
		{"unknown chain", MatchRequest{County: "331122", Chain: "steel"}, "chain"},
		{"unknown node", MatchRequest{County: "331122", Chain: "semiconductor", Node: "nope"}, "node"},
		{"limit too large", MatchRequest{County: "331122", Chain: "semiconductor", Limit: 100000}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Match(ctx, tt.req)
			if !errors.Is(err, chainmatch.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if _, ok := chainmatch.Fields(err)[tt.field]; !ok {
				t.Fatalf("fields %v lack %q", chainmatch.Fields(err), tt.field)
			}
		})
	}
}

func TestEngineNotLoaded(t *testing.T) {
	eng, err := Open(context.Background(), Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if _, err := eng.Match(context.Background(), MatchRequest{County: "331122", Chain: "semiconductor"}); !errors.Is(err, chainmatch.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable before Load", err)
	}
}

func TestEngineTalents(t *testing.T) {
	eng := openSynthetic(t, 1000, 400)
	res, err := eng.Match(context.Background(), MatchRequest{County: "331124", Chain: "intelligent-transport", Kind: "talent", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) == 0 {
		t.Fatalf("no talent targets; counts %+v", res.Counts)
	}
	for _, tg := range res.Targets {
		if tg.Talent == nil || tg.Enterprise != nil {
			t.Fatalf("talent target carries %+v / %+v", tg.Talent, tg.Enterprise)
		}
	}
}

// TestBacktestBeatsRandom plants outcomes — the big firms (registered capital of
// 10 million yuan or more, leaders, listed firms) of the chain outside the county
// were "signed"; the synthetic pool has leaders and listed firms at national
// rates, too few in 3,000 records to plant on alone — and checks the model finds
// them better than random orders do on average (the random baseline: one
// random order of one query is a coin toss), and that every method is reported.
func TestBacktestBeatsRandom(t *testing.T) {
	eng := openSynthetic(t, 6000, 0)
	ctx := context.Background()
	snap, _ := eng.snapshot()
	var outcomes []chainmatch.Outcome
	planted := map[uint32]bool{}
	err := eng.store.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error {
		if _, ok := snap.pool.Summary(uint32(seq)); !ok || e.County == "331122" {
			return nil
		}
		big := e.RegisteredCapitalWan != nil && *e.RegisteredCapitalWan >= 1000
		if (big || e.HasTag(chainmatch.TagLeader) || e.HasTag(chainmatch.TagListed)) && len(eng.tagger.Enterprise(e)) > 0 {
			for _, tg := range eng.tagger.Enterprise(e) {
				if tg.Chain == "short-distance-transport" {
					outcomes = append(outcomes, chainmatch.Outcome{County: "331122", Chain: tg.Chain,
						SubjectID: e.ID, Type: chainmatch.StatusSigned, Date: "2026-06-01"})
					planted[uint32(seq)] = true
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outcomes) < 5 {
		t.Fatalf("only %d planted outcomes", len(outcomes))
	}
	outcomes = append(outcomes, chainmatch.Outcome{County: "331122", SubjectID: "no-such-firm", Type: chainmatch.StatusSigned, Date: "2026-06-01"})
	bt, err := eng.Backtest(ctx, outcomes, 20, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bt.Unmatched != 1 || len(bt.Queries) != 1 {
		t.Fatalf("unmatched %d, queries %+v", bt.Unmatched, bt.Queries)
	}
	for _, m := range Methods {
		if _, ok := bt.Methods[m]; !ok {
			t.Errorf("method %s missing", m)
		}
	}
	model, random := bt.Methods["model"], bt.Methods["random"]
	t.Logf("model NDCG %.3f MAP %.3f; random orders NDCG %.3f MAP %.3f", model.NDCG, model.MAP, random.NDCG, random.MAP)
	if model.NDCG <= random.NDCG || model.MAP <= random.MAP {
		t.Errorf("model %+v does not beat random orders %+v", model, random)
	}
	// The random baseline is what a random order scores in expectation, not one
	// draw: each candidate is in the top 20 with chance 20/candidates.
	seqs := match.CandidateSeqs(snap.pool, "331122", "short-distance-transport", false)
	in := 0
	for _, s := range seqs {
		if planted[s] {
			in++
		}
	}
	if want := 20 / float64(len(seqs)) * float64(in) / float64(len(planted)); math.Abs(random.Recall-want) > 1e-9 {
		t.Errorf("the random baseline's recall@20 is %.6f, want its expectation %.6f", random.Recall, want)
	}
	// Every relevant candidate below the top 20 is explained: its contributions
	// against the top 20's mean sum to its score against their mean score.
	q := bt.Queries[0]
	var want int
	for i, r := range q.Ranks {
		if r != nil && q.Tied[i][1] > 20 {
			want++
		}
	}
	if want == 0 || len(q.Below) != want {
		t.Fatalf("%d relevant below the top 20, %d explained", want, len(q.Below))
	}
	res, err := match.Rank(snap.pool, match.Request{County: eng.mustCounty("331122"), Chain: eng.byID[q.Chain], Limit: 20, Now: eng.now()})
	if err != nil {
		t.Fatal(err)
	}
	var mean float64
	for _, tg := range res.Targets {
		mean += tg.Score / 20
	}
	for _, b := range q.Below {
		var sum float64
		for _, d := range b.Behind {
			sum += d
		}
		if b.Rank <= 20 || b.Score > b.ScoreAtK || b.ScoreAtK != res.Targets[19].Score || math.Abs(sum-(b.Score-mean)) > 1e-9 {
			t.Errorf("%s at %d: score %.4f, at k %.4f, behind %v (sum %.4f, want %.4f)", b.Name, b.Rank, b.Score, b.ScoreAtK, b.Behind, sum, b.Score-mean)
		}
	}
}

// TestLoadUpdatesIndex imports into a loaded engine and loads again: the index
// takes only the changed records (no rebuild) and finds the new one at once; an
// engine opened afterwards on the same directory finds the index current.
func TestLoadUpdatesIndex(t *testing.T) {
	ctx := context.Background()
	dir := syntheticDir(t, 500, 20)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	eng := openLoaded(t, dir, log)
	err := eng.store.Import(ctx, func(tx *store.ImportTx) error {
		_, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{Name: "松阳测试激光雷达有限公司", County: "331124",
			Province: "33", City: "331100", Scope: "激光雷达、毫米波雷达研发制造"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	if err := eng.Load(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "index updated") || strings.Contains(logs.String(), "index built") {
		t.Fatalf("want an update, not a rebuild:\n%s", logs.String())
	}
	if eng.Generation() != 2 {
		t.Fatalf("generation %d", eng.Generation())
	}
	res, err := eng.Search(ctx, SearchRequest{Text: "松阳测试激光雷达", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Name != "松阳测试激光雷达有限公司" {
		t.Fatalf("the new record is not found first: %+v", res.Hits)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	openLoaded(t, dir, log)
	if strings.Contains(logs.String(), "index built") || !strings.Contains(logs.String(), "pool loaded") {
		t.Fatalf("a current index was rebuilt:\n%s", logs.String())
	}
}

// TestRestartFromSnapshot: a restart at the same generation reads the pool
// snapshot and answers exactly as the load from the records did; after an
// import, or with a damaged snapshot, the records are loaded again.
func TestRestartFromSnapshot(t *testing.T) {
	ctx := context.Background()
	dir := syntheticDir(t, 800, 10)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	req := MatchRequest{County: "331122", Chain: "short-distance-transport", Limit: 50}
	matchJSON := func(eng *Engine) string {
		t.Helper()
		res, err := eng.Match(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(res)
		return string(b)
	}
	eng := openLoaded(t, dir, log)
	if !strings.Contains(logs.String(), "pool snapshot written") {
		t.Fatalf("no snapshot written:\n%s", logs.String())
	}
	want := matchJSON(eng)
	eng.Close()

	logs.Reset()
	eng = openLoaded(t, dir, log)
	if !strings.Contains(logs.String(), "pool loaded from snapshot") || strings.Contains(logs.String(), "node text scored") {
		t.Fatalf("the restart did not use the snapshot:\n%s", logs.String())
	}
	if got := matchJSON(eng); got != want {
		t.Errorf("match after a restart from the snapshot differs:\n%s\nwant\n%s", got, want)
	}
	err := eng.store.Import(ctx, func(tx *store.ImportTx) error {
		_, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{Name: "缙云测试电动车零部件有限公司", County: "330106",
			Province: "33", City: "330100", Scope: "电动自行车、电机控制器制造"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	eng.Close()

	logs.Reset()
	eng = openLoaded(t, dir, log)
	if strings.Contains(logs.String(), "pool loaded from snapshot") || !strings.Contains(logs.String(), "pool snapshot written") {
		t.Fatalf("a stale snapshot was used:\n%s", logs.String())
	}
	if n, _ := eng.Sizes(); n != 801 {
		t.Errorf("%d enterprises after the import, want 801", n)
	}
	eng.Close()

	b, err := os.ReadFile(filepath.Join(dir, snapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/3] ^= 0xff
	if err := os.WriteFile(filepath.Join(dir, snapshotFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	eng = openLoaded(t, dir, log)
	if strings.Contains(logs.String(), "pool loaded from snapshot") || !strings.Contains(logs.String(), "checksum") {
		t.Fatalf("a damaged snapshot was used:\n%s", logs.String())
	}
	if n, _ := eng.Sizes(); n != 801 {
		t.Errorf("%d enterprises, want 801", n)
	}
}

// TestIncrementalLoad: after an import of new and changed records, Load
// updates the pool without reading every record, and (text weight aside, whose
// normalisation a full load renews) ranks as a load from every record does.
func TestIncrementalLoad(t *testing.T) {
	ctx := context.Background()
	dir := syntheticDir(t, 1500, 10)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	eng := openLoaded(t, dir, log)
	req := MatchRequest{County: "331122", Chain: "short-distance-transport", Limit: 200}
	before, err := eng.Match(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var changed *chainmatch.Enterprise
	err = eng.store.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error {
		if changed == nil && seq > 10 {
			changed = e
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	changed.Scope = "电动自行车整车、锂电池组、轮毂电机的研发与制造"
	changed.Tags = append(changed.Tags, chainmatch.TagLeader)
	err = eng.store.Import(ctx, func(tx *store.ImportTx) error {
		for i := 0; i < 30; i++ {
			_, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{Name: fmt.Sprintf("永康测试电动车%02d有限公司", i), County: "330784",
				Province: "33", City: "330700", Scope: "电动自行车、电动车控制器、轮毂电机制造"})
			if err != nil {
				return err
			}
		}
		_, err := tx.UpsertEnterprise(ctx, changed)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	if err := eng.Load(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "pool updated") || strings.Contains(logs.String(), "node text scored") {
		t.Fatalf("want an incremental update:\n%s", logs.String())
	}
	after, err := eng.Match(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if after.Counts.Candidates <= before.Counts.Candidates {
		t.Errorf("candidates %d → %d: the new records are not there", before.Counts.Candidates, after.Counts.Candidates)
	}
	noText := match.DefaultWeights()
	noText.Beta[chainmatch.FeatureText] = 0
	req.Weights = &noText
	got, err := eng.Match(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	eng.Close()
	if err := os.Remove(filepath.Join(dir, snapshotFile)); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	fresh := openLoaded(t, dir, log)
	if !strings.Contains(logs.String(), "node text scored") {
		t.Fatalf("want a full load:\n%s", logs.String())
	}
	want, err := fresh.Match(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Seqs, want.Seqs) {
		t.Errorf("incremental and full loads rank differently:\n%v\n%v", got.Seqs, want.Seqs)
	}
}
