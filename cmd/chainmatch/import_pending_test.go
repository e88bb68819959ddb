package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/server"
)

// TestImportCommittedIndexPending: a committed import is never reported as
// failed. While the engine's loads fail (an injected fault in its load step,
// as a read-only index directory makes them fail), an upload over a real HTTP
// server is answered 200 with "index": "pending" and a note, its row is in the
// store, and search does not claim it yet. Once loads work again the follower
// brings the pool and the index forward and search finds the row; an import
// then is "current" and found at once.
func TestImportCommittedIndexPending(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	logs := &lockedBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	var failing atomic.Bool
	errInjected := errors.New("injected fault: the index directory is read-only")
	eng, err := engine.Open(ctx, engine.Config{DataDir: t.TempDir(), Log: log, Fault: func(step string) error {
		if step == "load" && failing.Load() {
			return errInjected
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if err := prepare(ctx, eng, log, engine.Demo{Enterprises: 300, Talents: 10, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	_, token, err := eng.Store().AddUser(ctx, "importer", chainmatch.RoleEditor, "test")
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(serveHandler(eng, server.Deps{Log: log, UploadDir: t.TempDir()}))
	defer ts.Close()

	type answer struct {
		Accepted     int      `json:"accepted"`
		Generation   int64    `json:"generation"`
		Index        string   `json:"index"`
		IndexCurrent bool     `json:"index_current"`
		Notes        []string `json:"notes"`
	}
	importRow := func(name string) answer {
		t.Helper()
		body := `{"name":"` + name + `","province":"浙江","city":"丽水","scope":"轮毂电机、电动车电机制造","source":"test"}` + "\n"
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/import?format=jsonl", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a answer
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("import %s: status %d, %v", name, resp.StatusCode, err)
		}
		return a
	}
	found := func(q string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/enterprises?q="+url.QueryEscape(q), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res struct{ Total int }
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("search %s: status %d, %v", q, resp.StatusCode, err)
		}
		return res.Total
	}

	entsBefore, _, err := eng.Store().Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	failing.Store(true)
	got := importRow("挂起索引测试轮毂电机有限公司")
	if got.Accepted != 1 || got.Index != engine.IndexPending || got.IndexCurrent || len(got.Notes) == 0 {
		t.Fatalf("import while loads fail: %+v, want accepted 1, index pending with a note", got)
	}
	if !strings.Contains(logs.String(), "import committed; the pool and the index are behind") {
		t.Errorf("no warning in the log:\n%s", logs.String())
	}
	ents, _, err := eng.Store().Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ents != entsBefore+1 || eng.StoreGeneration(ctx) != got.Generation || eng.Generation() >= got.Generation {
		t.Fatalf("store has %d enterprises (was %d) at generation %d (answer %d); engine at %d",
			ents, entsBefore, eng.StoreGeneration(ctx), got.Generation, eng.Generation())
	}
	if n := found("挂起索引测试轮毂电机"); n != 0 {
		t.Errorf("search found the row before the engine caught up (%d hits): the answer's pending would be wrong", n)
	}

	// The follower retries; while the fault lasts it says so once.
	wg.Add(1)
	go func() { defer wg.Done(); eng.Follow(ctx, 20*time.Millisecond) }()
	for deadline := time.Now().Add(time.Minute); !strings.Contains(logs.String(), `"msg":"following the database"`); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the follower never tried to catch up:\n%s", logs.String())
		}
	}
	failing.Store(false)
	// The index takes the row just before the engine swaps its new pool in: wait
	// for both.
	for deadline := time.Now().Add(time.Minute); found("挂起索引测试轮毂电机") == 0 || eng.Generation() < got.Generation; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("search or the engine never caught up with the committed row; engine at %d, import at %d; log:\n%s",
				eng.Generation(), got.Generation, logs.String())
		}
	}

	// With loads working, an import is current and found at once.
	again := importRow("当即可查测试轮毂电机有限公司")
	if again.Accepted != 1 || again.Index != engine.IndexCurrent || !again.IndexCurrent || len(again.Notes) != 0 {
		t.Fatalf("import with loads working: %+v, want index current without notes", again)
	}
	if n := found("当即可查测试轮毂电机"); n == 0 {
		t.Error("a current import is not found at once")
	}
}
