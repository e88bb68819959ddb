package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/match"
)

// forward copies every connection to ln on to target, as a TCP forwarder (or
// nginx's default proxy_pass without headers) in front of the server would.
func forward(t *testing.T, target string) (addr string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, c, u)
			mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
	return ln.Addr().String(), func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}
}

// TestForwarderIsNotAdmin puts a TCP forwarder on this machine in front of a real
// listener: a client without a token is refused (it was the admin before), and
// the admin's token works through it.
func TestForwarderIsNotAdmin(t *testing.T) {
	ts := newTestServer(t, nil)
	hs := httptest.NewServer(ts)
	defer hs.Close()
	addr, stop := forward(t, strings.TrimPrefix(hs.URL, "http://"))
	defer stop()
	post := func(token string) int {
		r, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/users", strings.NewReader(`{"name":"x","role":"admin"}`))
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(""); got != 401 {
		t.Errorf("through a forwarder without a token: %d, want 401", got)
	}
	if got := post(ts.admin); got != 201 {
		t.Errorf("through a forwarder with the admin token: %d, want 201", got)
	}
}

// TestFailedAuthLimited: an address that keeps failing is answered 429 until its
// allowance refills, even with a good token; other addresses are not affected.
func TestFailedAuthLimited(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ts := newTestServer(t, func(d *Deps) {
		d.AuthFailPerSecond, d.AuthFailBurst = 0.1, 3
		d.Now = func() time.Time { return now }
	})
	const attacker, other = "198.51.100.7:5000", "198.51.100.8:5000"
	var codes []int
	for range 5 {
		codes = append(codes, req{method: "GET", path: "/api/v1/chains", token: "cm_guess", remote: attacker}.do(t, ts).Code)
	}
	if fmt.Sprint(codes) != "[401 401 401 429 429]" {
		t.Errorf("guessing tokens: %v", codes)
	}
	w := req{method: "GET", path: "/api/v1/chains", token: ts.admin, remote: attacker}.do(t, ts)
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Errorf("good token from a blocked address: %d %v", w.Code, w.Header())
	}
	if w := (req{method: "GET", path: "/api/v1/chains", token: ts.admin, remote: other}).do(t, ts); w.Code != 200 {
		t.Errorf("another address: %d", w.Code)
	}
	now = now.Add(20 * time.Second)
	if w := (req{method: "GET", path: "/api/v1/chains", token: ts.admin, remote: attacker}).do(t, ts); w.Code != 200 {
		t.Errorf("after the allowance refilled: %d", w.Code)
	}
}

// blockingEngine holds every match until released.
type blockingEngine struct {
	Engine
	entered chan struct{}
	release chan struct{}
}

func (b *blockingEngine) Match(ctx context.Context, r MatchRequest) (*match.Result, error) {
	b.entered <- struct{}{}
	<-b.release
	return b.Engine.Match(ctx, r)
}

// TestShedding: past MaxInFlight requests and MaxQueued waiting, a request is
// answered 503 with Retry-After at once; health stays answered; the queued one
// is served when a slot frees.
func TestShedding(t *testing.T) {
	var be *blockingEngine
	ts := newTestServer(t, func(d *Deps) {
		be = &blockingEngine{Engine: d.Engine, entered: make(chan struct{}, 4), release: make(chan struct{})}
		d.Engine = be
		d.MaxInFlight, d.MaxQueued, d.QueueWait = 1, 1, time.Minute
	})
	body := map[string]any{"county": "331122", "chain": "short-distance-transport", "limit": 2}
	codes := make(chan int, 2)
	go func() {
		codes <- req{method: "POST", path: "/api/v1/match", token: ts.admin, body: body}.do(t, ts).Code
	}()
	<-be.entered // the first holds the only slot
	go func() {
		codes <- req{method: "POST", path: "/api/v1/match", token: ts.admin, body: body}.do(t, ts).Code
	}()
	for ts.shed.queued.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	w := req{method: "POST", path: "/api/v1/match", token: ts.admin, body: body}.do(t, ts)
	if w.Code != 503 || w.Header().Get("Retry-After") == "" || decodeBody[errResp](t, w).Error.Code != "overloaded" {
		t.Errorf("past capacity: %d %v %s", w.Code, w.Header(), w.Body)
	}
	if w := (req{method: "GET", path: "/healthz"}).do(t, ts); w.Code != 200 {
		t.Errorf("healthz at capacity: %d", w.Code)
	}
	close(be.release)
	for range 2 {
		if c := <-codes; c != 200 {
			t.Errorf("accepted request: %d", c)
		}
	}
	if !strings.Contains(metricsText(t, ts), "chainmatch_http_shed_total 1") {
		t.Error("the shed request is not counted")
	}
}

func metricsText(t *testing.T, ts *testServer) string {
	return req{method: "GET", path: "/metrics"}.do(t, ts).Body.String()
}

// TestBadText: invalid UTF-8 and NUL in JSON are 400 naming the field (the JSON
// decoder would store U+FFFD), and the store refuses them and oversized text too.
func TestBadText(t *testing.T) {
	ts := newTestServer(t, nil)
	list := func(name string) string {
		return `{"name": "` + name + `", "county": "331122", "chain": "short-distance-transport", "limit": 1}`
	}
	cases := []struct {
		name, body, field string
		status            int
	}{
		{"GBK bytes", list("\xc0\xf6\xcb\xae"), "name", 400},
		{"invalid UTF-8", list("ok\xff"), "name", 400},
		{"NUL", list(`a\u0000b`), "name", 400},
		{"nested", `{"name": "w", "beta": {"gap_fit": 1}, "gap": {"x\u0000": 1}}`, "gap", 400},
		{"array", "{\"enterprise_ids\": [\"ok\", \"\xff\"]}", "enterprise_ids[1]", 400},
		{"a 70 KB name", list(strings.Repeat("名", 70<<10/3)), "name", 422},
		{"valid Chinese", list("缙云短交通"), "", 201},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := "/api/v1/lists"
			if c.name == "nested" {
				path = "/api/v1/weights"
			}
			if c.name == "array" {
				path = "/api/v1/lists/nope/items"
			}
			w := req{method: "POST", path: path, token: ts.admin, body: c.body}.do(t, ts)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if c.field != "" {
				if fe := decodeBody[errResp](t, w).Error.Fields; !strings.HasPrefix(firstKey(fe), c.field) {
					t.Errorf("field errors %v, want %s", fe, c.field)
				}
			}
		})
	}
}

func firstKey(m map[string]string) string {
	for k := range m {
		return k
	}
	return ""
}

// TestPprofProtected: off loopback pprof needs an admin token; cmdline (which may
// hold a database password) is never served.
func TestPprofProtected(t *testing.T) {
	ts := newTestServer(t, nil)
	_, viewer, err := ts.store.AddUser(context.Background(), "v", chainmatch.RoleViewer, "test")
	if err != nil {
		t.Fatal(err)
	}
	get := func(h http.Handler, path, token string) int {
		return req{method: "GET", path: path, token: token}.do(t, h).Code
	}
	guarded := AdminHandler(ts.store, true)
	open := AdminHandler(ts.store, false)
	cases := []struct {
		name   string
		h      http.Handler
		path   string
		token  string
		status int
	}{
		{"no token", guarded, "/debug/pprof/", "", 401},
		{"viewer", guarded, "/debug/pprof/", viewer, 403},
		{"admin", guarded, "/debug/pprof/", ts.admin, 200},
		{"admin heap", guarded, "/debug/pprof/heap", ts.admin, 200},
		{"admin cmdline", guarded, "/debug/pprof/cmdline", ts.admin, 404},
		{"loopback", open, "/debug/pprof/goroutine", "", 200},
		{"loopback cmdline", open, "/debug/pprof/cmdline", "", 404},
	}
	for _, c := range cases {
		if got := get(c.h, c.path, c.token); got != c.status {
			t.Errorf("%s: %d, want %d", c.name, got, c.status)
		}
	}
}

// TestReadyzAndDatabaseDown: with the database gone, /readyz and the API answer
// 503 with Retry-After and without the driver's words (hosts, users).
func TestReadyzAndDatabaseDown(t *testing.T) {
	ts := newTestServer(t, nil)
	tok := ts.admin
	ts.store.Close()
	for _, path := range []string{"/readyz", "/api/v1/lists"} {
		w := req{method: "GET", path: path, token: tok}.do(t, ts)
		if w.Code != 503 || w.Header().Get("Retry-After") == "" || strings.Contains(w.Body.String(), "sql:") {
			t.Errorf("%s with the database closed: %d %v %s", path, w.Code, w.Header(), w.Body)
		}
	}
}

// TestCSVNeutralisesFormulas: text that a spreadsheet would run as a formula is
// exported with a leading apostrophe; scores stay numbers.
func TestCSVNeutralisesFormulas(t *testing.T) {
	ts := newTestServer(t, nil)
	w := req{method: "POST", path: "/api/v1/lists", token: ts.admin, body: map[string]any{"name": "l", "county": "331122",
		"chain": "short-distance-transport", "limit": 1}}.do(t, ts)
	l := decodeBody[store.List](t, w)
	evil := `=HYPERLINK("http://evil.example/x","点击查看")`
	path := fmt.Sprintf("/api/v1/lists/%s/items/%d", l.ID, l.Items[0].ID)
	if w := (req{method: "PATCH", path: path, token: ts.admin, body: map[string]any{"notes": evil, "owner": "@SUM(1+1)"}}).do(t, ts); w.Code != 200 {
		t.Fatalf("patch %d %s", w.Code, w.Body)
	}
	w = req{method: "GET", path: "/api/v1/lists/" + l.ID + "/export?format=csv", token: ts.admin}.do(t, ts)
	body := w.Body.String()
	if !strings.Contains(body, `'=HYPERLINK`) || !strings.Contains(body, "'@SUM") || strings.Contains(body, `,"=HYPERLINK`) {
		t.Errorf("csv export: %s", body)
	}
	for v, want := range map[string]string{"=1+1": "'=1+1", "+86 571": "'+86 571", "-2": "'-2", "@x": "'@x", "\tx": "'\tx",
		"＝1": "'＝1", "缙云": "缙云", "": "", "a=b": "a=b"} {
		if got := neutralizeFormula(v); got != want {
			t.Errorf("neutralizeFormula(%q) = %q, want %q", v, got, want)
		}
	}
}

// TestListImportBounded: an edited list sheet past MaxListRows is 413 naming the
// limit; many bad rows give the first MaxFieldErrors and a count; a zip bomb is
// refused before it is unzipped.
func TestListImportBounded(t *testing.T) {
	ts := newTestServer(t, func(d *Deps) { d.MaxListRows, d.MaxFieldErrors = 50, 10 })
	w := req{method: "POST", path: "/api/v1/lists", token: ts.admin, body: map[string]any{"name": "l", "county": "331122",
		"chain": "short-distance-transport", "limit": 2}}.do(t, ts)
	id := decodeBody[store.List](t, w).ID
	sheet := func(rows int) []byte {
		x := excelize.NewFile()
		sw, _ := x.NewStreamWriter("Sheet1")
		sw.SetRow("A1", []any{"编号", "状态", "备注"})
		for i := 0; i < rows; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			sw.SetRow(cell, []any{999999 + i, "已签约", "x"})
		}
		sw.Flush()
		var b bytes.Buffer
		x.Write(&b)
		return b.Bytes()
	}
	send := func(file []byte) *httptest.ResponseRecorder {
		return req{method: "POST", path: "/api/v1/lists/" + id + "/import?format=xlsx", token: ts.admin, body: file}.do(t, ts)
	}
	w = send(sheet(60))
	if w.Code != 413 || !strings.Contains(w.Body.String(), "at most 50 rows") {
		t.Errorf("60 rows: %d %s", w.Code, w.Body)
	}
	w = send(sheet(40))
	e := decodeBody[struct {
		Error struct {
			Fields      map[string]string `json:"fields"`
			FieldErrors int               `json:"field_errors"`
		} `json:"error"`
	}](t, w)
	if w.Code != 422 || len(e.Error.Fields) != 10 || e.Error.FieldErrors != 40 || w.Body.Len() > 4000 {
		t.Errorf("40 bad rows: %d, %d fields of %d, %d bytes: %.300s", w.Code, len(e.Error.Fields), e.Error.FieldErrors, w.Body.Len(), w.Body)
	}
	w = send(zipBomb(t))
	if w.Code != 413 || !strings.Contains(w.Body.String(), "unzips to more than") {
		t.Errorf("zip bomb: %d %s", w.Code, w.Body)
	}
	if w := send([]byte("not a zip")); w.Code != 400 {
		t.Errorf("not a zip: %d %s", w.Code, w.Body)
	}
}

// zipBomb is a workbook whose sheet says it unzips to 2 GiB (a real bomb says
// so too: zip readers check the sizes they were told).
func zipBomb(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
	} {
		w, _ := zw.Create(f.name)
		w.Write([]byte(f.body))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store,
		CompressedSize64: 4, UncompressedSize64: 2 << 30})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<a/>"))
	zw.Close()
	return b.Bytes()
}

// TestUploads: an unknown format and an empty body are 400 naming the field; an
// import past its time limit is 413 naming the limit; upload files are gone after
// the request, and RemoveStaleUploads clears what a crash left.
func TestUploads(t *testing.T) {
	dir := t.TempDir()
	slow := func(ctx context.Context, path, format, name, user string) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	ts := newTestServer(t, func(d *Deps) { d.UploadDir = dir })
	slowTS := newTestServer(t, func(d *Deps) { d.UploadDir, d.Import, d.ImportTimeout = dir, slow, 50*time.Millisecond })
	cases := []struct {
		name   string
		ts     *testServer
		path   string
		body   string
		status int
		has    string
	}{
		{"exe", ts, "/api/v1/import?format=exe", "x", 400, `"format"`},
		{"exe by name", ts, "/api/v1/import?filename=a.exe", "x", 400, `"format"`},
		{"empty", ts, "/api/v1/import?format=jsonl", "", 400, `"file"`},
		{"time limit", slowTS, "/api/v1/import?format=jsonl", `{"name":"x"}`, 413, "at most 50ms"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := req{method: "POST", path: c.path, token: c.ts.admin, body: c.body}.do(t, c.ts)
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.has) {
				t.Errorf("status %d, want %d with %s: %s", w.Code, c.status, c.has, w.Body)
			}
		})
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("uploads left behind: %v", left)
	}
	for i := range 3 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("chainmatch-upload-%d.xlsx", i)), []byte("x"), 0o600)
	}
	os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("x"), 0o600)
	if n, err := RemoveStaleUploads(dir); n != 3 || err != nil {
		t.Errorf("RemoveStaleUploads: %d %v", n, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 {
		t.Errorf("after RemoveStaleUploads: %v", left)
	}
}

// TestFieldErrorsBounded: an answer lists at most MaxFieldErrors field errors and
// says how many there were.
func TestFieldErrorsBounded(t *testing.T) {
	ts := newTestServer(t, func(d *Deps) { d.MaxFieldErrors = 3 })
	ids := make([]string, 20)
	for i := range ids {
		ids[i] = fmt.Sprint("none-", i)
	}
	w := req{method: "POST", path: "/api/v1/lists", token: ts.admin, body: map[string]any{"name": "l", "county": "331122",
		"chain": "short-distance-transport", "limit": 1}}.do(t, ts)
	id := decodeBody[store.List](t, w).ID
	w = req{method: "POST", path: "/api/v1/lists/" + id + "/items", token: ts.admin, body: map[string]any{"enterprise_ids": ids}}.do(t, ts)
	var e struct {
		Error struct {
			Fields      map[string]string `json:"fields"`
			FieldErrors int               `json:"field_errors"`
		} `json:"error"`
	}
	json.Unmarshal(w.Body.Bytes(), &e)
	if w.Code != 422 || len(e.Error.Fields) != 3 || e.Error.FieldErrors != 20 {
		t.Errorf("%d: %s", w.Code, w.Body)
	}
	_ = chainmatch.ErrInvalid
}
