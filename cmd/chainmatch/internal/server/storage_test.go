package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/read"
	"github.com/chainmatch/chainmatch/match"
)

// storageServer is a test server over a real SQLite store in dir, opened with
// opts, whose admin was made before (a read-only store cannot make one).
func storageServer(t *testing.T, dir string, opts ...store.Option) *testServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	_, admin, err := st.AddUser(ctx, testAdmin, chainmatch.RoleAdmin, "test")
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, dir, "", opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// Uploads go through the real import pipeline into this store; reads go to
	// the shared engine.
	chains, err := datasets.Chains()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := datasets.LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	deps := importer.Deps{Store: st, Tagger: match.NewTagger(chains), Locate: read.RegionsLocator(regions)}
	rejects := t.TempDir()
	imp := func(ctx context.Context, path, format, _, _ string) (any, error) {
		return importer.Run(ctx, deps, importer.Options{Format: read.Format(format), RejectsDir: rejects}, []string{path})
	}
	eng := sharedEngine(t)
	d := Deps{Engine: eng, Store: st, Import: imp, UploadDir: t.TempDir(),
		Log: slog.New(slog.NewJSONHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	return &testServer{Server: newServer(d), engine: eng, store: st, admin: admin}
}

// firmsJSONL is n synthetic firms (made up here) in the import format, with a
// long scope so that they take room.
func firmsJSONL(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"name":"%s%05d电机有限公司","county":"331122","scope":"%s"}`+"\n",
			prefix, i, strings.Repeat("电动机、发电机及发电机组制造；", 20))
	}
	return b.String()
}

// storeState is what the database holds: the generation and the counts.
func storeState(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	gen, err := st.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ne, nt, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("generation %d, %d enterprises, %d talents", gen, ne, nt)
}

// TestFullAndReadOnlyStorage drives writes over HTTP into a database that is
// full (SQLite's page limit gives the genuine SQLITE_FULL, as a full disk does)
// or read-only (SQLite's query_only gives SQLITE_READONLY, as a read-only file
// does): the answer is the error table's status — 507 storage_full, 503
// read_only with Retry-After — with a plain message in Chinese and English and
// without the driver's words; nothing of the write is stored; reads still answer.
func TestFullAndReadOnlyStorage(t *testing.T) {
	full := storageServer(t, t.TempDir(), store.MaxPages(200)) // 800 KiB
	ro := storageServer(t, t.TempDir(), store.QueryOnly())
	cases := []struct {
		name   string
		ts     *testServer
		q      req
		status int
		code   string
		say    string
	}{
		{"import into a full database", full,
			req{method: "POST", path: "/api/v1/import?format=jsonl", body: firmsJSONL("丽水", 5000)},
			507, "storage_full", "disk is full"},
		{"import into a read-only database", ro,
			req{method: "POST", path: "/api/v1/import?format=jsonl", body: firmsJSONL("丽水", 10)},
			503, "read_only", "read-only"},
		{"add a user to a read-only database", ro,
			req{method: "POST", path: "/api/v1/users", body: map[string]string{"name": "只读测试", "role": "viewer"}},
			503, "read_only", "read-only"},
		{"create a list in a read-only database", ro,
			req{method: "POST", path: "/api/v1/lists", body: map[string]any{"name": "只读清单", "county": "331122", "chain": "short-distance-transport"}},
			503, "read_only", "read-only"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := storeState(t, c.ts.store)
			c.q.token = c.ts.admin
			w := c.q.do(t, c.ts)
			var body errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("status %d, body %s: %v", w.Code, w.Body, err)
			}
			if w.Code != c.status || body.Error.Code != c.code || !strings.Contains(body.Error.Message, c.say) {
				t.Fatalf("status %d %q %q, want %d %s saying %q", w.Code, body.Error.Code, body.Error.Message, c.status, c.code, c.say)
			}
			if msg := body.Error.Message; strings.Contains(msg, "(13)") || strings.Contains(msg, "(8)") || strings.Contains(msg, os.TempDir()) {
				t.Errorf("the message carries the driver's words or a path: %q", msg)
			}
			if retry := w.Header().Get("Retry-After"); (c.status == 503) != (retry != "") {
				t.Errorf("status %d with Retry-After %q", c.status, retry)
			}
			if after := storeState(t, c.ts.store); after != before {
				t.Errorf("after the failed write: %s, want %s (nothing stored)", after, before)
			}
			if r := (req{method: "GET", path: "/api/v1/lists", token: c.ts.admin}).do(t, c.ts); r.Code != http.StatusOK {
				t.Errorf("a read after the failed write: %d %s", r.Code, r.Body)
			}
		})
	}
	// The full database took none of the big import, so a small write still fits.
	w := req{method: "POST", path: "/api/v1/import?format=jsonl", token: full.admin, body: firmsJSONL("缙云", 3)}.do(t, full)
	if w.Code != http.StatusOK || storeState(t, full.store) != "generation 1, 3 enterprises, 0 talents" {
		t.Errorf("a small import after the full one: %d %s; %s", w.Code, w.Body, storeState(t, full.store))
	}
}

// TestStorageErrorStatus: the file system's full and read-only errors, met
// anywhere (an upload's temporary file, the index), map like the database's.
func TestStorageErrorStatus(t *testing.T) {
	ts := newTestServer(t, nil)
	cases := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"ENOSPC writing an upload", fmt.Errorf("upload: %w", &fs.PathError{Op: "write", Path: "/tmp/chainmatch-upload-1", Err: syscall.ENOSPC}), 507, "storage_full"},
		{"EDQUOT", syscall.EDQUOT, 507, "storage_full"},
		{"store.ErrFull", fmt.Errorf("import: %w", store.ErrFull), 507, "storage_full"},
		{"EROFS", &fs.PathError{Op: "open", Path: "/data/index/idx-1", Err: syscall.EROFS}, 503, "read_only"},
		{"store.ErrReadOnly", fmt.Errorf("add user: %w", store.ErrReadOnly), 503, "read_only"},
		{"database busy", fmt.Errorf("database busy: %w", chainmatch.ErrUnavailable), 503, "unavailable"},
		{"a bug", errors.New("nil map"), 500, "internal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := ts.handle(func(w http.ResponseWriter, r *http.Request) error { return c.err })
			w := req{method: "GET", path: "/x"}.do(t, h)
			var body errorBody
			json.Unmarshal(w.Body.Bytes(), &body)
			if w.Code != c.status || body.Error.Code != c.code {
				t.Errorf("status %d %q, want %d %q: %s", w.Code, body.Error.Code, c.status, c.code, w.Body)
			}
			if strings.Contains(body.Error.Message, "/tmp/") || strings.Contains(body.Error.Message, "/data/") {
				t.Errorf("the message names a path: %q", body.Error.Message)
			}
		})
	}
}
