package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/read"
	"github.com/chainmatch/chainmatch/datasets/synth"
)

// The server tests run against the real engine (internal/engine: SQLite store,
// Bleve index, gonum ranker) on a small pool: poolEnterprises and poolTalents
// records of the committed synthetic generator (synth.Generate, every record
// marked synthetic) and the handRecords below, imported through the real import
// pipeline. One engine is opened per test binary and only read; a test that
// writes records opens its own (newImportServer). Users, lists and weights live
// in each test server's own store.
const (
	poolEnterprises = 2500
	poolTalents     = 100
	poolSeed        = 7
)

// handRecords are import-format rows, made up here (not real firms, marked
// synthetic), that tests name by id: firms of the short-distance-transport chain
// in 广州天河 (44), 无锡新吴 (32), 永康 (33) and one in 缙云 itself.
const handRecords = `{"id": "hand-gz-motor", "name": "合成广州轮毂电机股份有限公司", "county": "440106", "scope": "轮毂电机、电动车电机、无刷轮毂的研发与制造", "tags": ["listed", "high_tech"], "registered_capital_wan": 50000, "source": "synthetic"}
{"id": "hand-wx-battery", "name": "合成无锡两轮车电池科技有限公司", "county": "320214", "scope": "电动自行车电池、两轮车锂电池的生产与销售", "tags": ["high_tech"], "registered_capital_wan": 8000, "source": "synthetic"}
{"id": "hand-yk-frame", "name": "合成永康车架制造有限公司", "county": "330784", "scope": "自行车车架、前叉、电动车配件制造", "registered_capital_wan": 1200, "source": "synthetic"}
{"id": "hand-jy-ebike", "name": "合成缙云电动自行车有限公司", "county": "331122", "scope": "电动自行车、电动两轮车的生产与销售", "registered_capital_wan": 3000, "signals": [{"type": "expansion", "date": "2026-10-01", "detail": "新建年产20万辆电动自行车项目"}], "source": "synthetic"}
`

// jinyun and sdt are the county and chain most tests ask about.
const (
	jinyun = "331122"
	sdt    = "short-distance-transport"
)

// fixedNow dates intent decay so results do not drift with the calendar.
func fixedNow() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }

// shared is the engine on the test pool every read-only test uses.
var shared struct {
	once sync.Once
	dir  string
	eng  *engine.Engine
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.eng != nil {
		shared.eng.Close()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// sharedEngine returns the real engine on the test pool, opened and loaded on
// first use. Tests must not write records through it.
func sharedEngine(t testing.TB) *engine.Engine {
	t.Helper()
	shared.once.Do(func() {
		ctx := context.Background()
		if shared.dir, shared.err = os.MkdirTemp("", "chainmatch-server-test-"); shared.err != nil {
			return
		}
		if shared.eng, shared.err = openEngine(ctx, shared.dir); shared.err != nil {
			return
		}
		if shared.err = writePool(filepath.Join(shared.dir, "pool.jsonl")); shared.err != nil {
			return
		}
		sum, err := importFile(ctx, shared.eng, filepath.Join(shared.dir, "pool.jsonl"), "")
		if err == nil && sum.Rejected > 0 {
			err = fmt.Errorf("%d rows rejected (see %s)", sum.Rejected, sum.RejectsFile)
		}
		shared.err = err
	})
	if shared.err != nil {
		t.Fatalf("test pool: %v", shared.err)
	}
	return shared.eng
}

// openEngine opens (but does not load) a real engine on dir.
func openEngine(ctx context.Context, dir string) (*engine.Engine, error) {
	return engine.Open(ctx, engine.Config{DataDir: dir, Now: fixedNow,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// writePool writes the test pool as one JSONL file of the import format.
func writePool(path string) error {
	chains, err := datasets.Chains()
	if err != nil {
		return err
	}
	counties, err := datasets.Counties()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cfg := synth.GenConfig{Enterprises: poolEnterprises, Talents: poolTalents, Seed: poolSeed}
	if err := synth.Generate(&buf, cfg, chains, counties); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	buf.WriteString(handRecords)
	return os.WriteFile(path, buf.Bytes(), 0o600)
}

// importFile runs a file through the engine's import, as chainmatch serve's
// uploads do: into the store, then the pool and the index.
func importFile(ctx context.Context, eng *engine.Engine, path, format string) (importer.Summary, error) {
	res, err := eng.Import(ctx, importer.Options{Format: read.Format(format)}, path)
	if res == nil {
		return importer.Summary{}, err
	}
	return res.Summary, err
}

// testServer is a server over a real engine and a real SQLite store.
type testServer struct {
	*Server
	engine *engine.Engine
	store  *store.Store
	admin  string // the token of testAdmin
}

// testAdmin is the admin every test server has, as chainmatch serve's first run
// makes one.
const testAdmin = "admin"

// newTestServer is a server over the shared engine with a store of its own.
// Its Import fails the test: a test that imports uses newImportServer.
func newTestServer(t testing.TB, edit func(d *Deps)) *testServer {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	noImport := func(context.Context, string, string, string, string) (any, error) {
		t.Error("import reached the shared engine; use newImportServer")
		return nil, chainmatch.ErrUnavailable
	}
	return serverOn(t, sharedEngine(t), st, noImport, edit)
}

// newImportServer is a server over an engine of its own on an empty data
// directory (loaded only when load is set), whose store it uses, with the real
// import pipeline behind POST /api/v1/import.
func newImportServer(t testing.TB, load bool, edit func(d *Deps)) *testServer {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	eng, err := openEngine(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if load {
		if err := eng.Load(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	imp := func(ctx context.Context, path, format, name, _ string) (any, error) {
		return eng.Import(ctx, importer.Options{Format: read.Format(format), Name: name}, path)
	}
	return serverOn(t, eng, eng.Store(), imp, edit)
}

func serverOn(t testing.TB, eng *engine.Engine, st *store.Store, imp ImportFunc, edit func(d *Deps)) *testServer {
	t.Helper()
	d := Deps{Engine: eng, Store: st, Import: imp,
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
