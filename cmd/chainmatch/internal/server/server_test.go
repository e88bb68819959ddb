package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/xuri/excelize/v2"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

const local = "127.0.0.1:40000"

// req sends a request to h from remote (local: loopback) with an optional bearer token.
type req struct {
	method, path string
	body         any // string or []byte sent as is, else JSON
	token        string
	remote       string
	header       map[string]string
}

func (q req) do(t testing.TB, h http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	switch b := q.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	r := httptest.NewRequest(q.method, q.path, body)
	if q.remote != "" {
		r.RemoteAddr = q.remote
	}
	if q.token != "" {
		r.Header.Set("Authorization", "Bearer "+q.token)
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

type errResp struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func decodeBody[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", w.Body.String(), err)
	}
	return v
}

// TestHealthAndReadiness: an engine opened but not yet loaded is alive and not
// ready (503 on /readyz and on a match); once loaded it is ready.
func TestHealthAndReadiness(t *testing.T) {
	ts := newImportServer(t, false, nil)
	if w := (req{method: "GET", path: "/healthz"}).do(t, ts); w.Code != 200 {
		t.Errorf("healthz %d", w.Code)
	}
	w := (req{method: "GET", path: "/readyz"}).do(t, ts)
	if w.Code != http.StatusServiceUnavailable || decodeBody[errResp](t, w).Error.Code != "unavailable" {
		t.Errorf("readyz while loading: %d %s", w.Code, w.Body)
	}
	w = req{method: "POST", path: "/api/v1/match", token: ts.admin, body: map[string]any{"county": jinyun, "chain": sdt}}.do(t, ts)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("match while loading: %d %s", w.Code, w.Body)
	}
	if err := ts.engine.Load(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if w := (req{method: "GET", path: "/readyz"}).do(t, ts); w.Code != 200 {
		t.Errorf("readyz when ready: %d %s", w.Code, w.Body)
	}
	if w := (req{method: "GET", path: "/healthz"}).do(t, ts); w.Header().Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
	w = (req{method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": "abc-123"}}).do(t, ts)
	if got := w.Header().Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("request id %q, want the client's", got)
	}
}

func TestEngineRoutes(t *testing.T) {
	ts := newTestServer(t, nil)
	cases := []struct {
		name   string
		req    req
		status int
		fields []string // field errors expected
		has    string   // substring of the body expected
	}{
		{"chains", req{method: "GET", path: "/api/v1/chains"}, 200, nil, `"id":"short-distance-transport"`},
		{"chain", req{method: "GET", path: "/api/v1/chains/short-distance-transport"}, 200, nil, `"stage":"upstream"`},
		{"unknown chain", req{method: "GET", path: "/api/v1/chains/nope"}, 404, nil, `"code":"not_found"`},
		{"counties", req{method: "GET", path: "/api/v1/counties?province=33"}, 200, nil, `"code":"331122"`},
		{"county", req{method: "GET", path: "/api/v1/counties/331122"}, 200, nil, `"positioning"`},
		{"unknown county", req{method: "GET", path: "/api/v1/counties/999999"}, 404, nil, ""},
		{"gaps", req{method: "GET", path: "/api/v1/counties/331122/gaps?chain=short-distance-transport"}, 200, nil, `"priority"`},
		{"gaps evidence", req{method: "GET", path: "/api/v1/counties/331122/gaps?chain=short-distance-transport"}, 200, nil, `"evidence":`},
		{"gaps without chain", req{method: "GET", path: "/api/v1/counties/331122/gaps"}, 422, []string{"chain"}, ""},
		{"gaps unknown weights", req{method: "GET", path: "/api/v1/counties/331122/gaps?chain=short-distance-transport&weights=nope"}, 422, []string{"weights_name"}, ""},
		{"search", req{method: "GET", path: "/api/v1/enterprises?q=轮毂电机&chain=short-distance-transport"}, 200, nil, `"id":"hand-gz-motor"`},
		{"search bad limit", req{method: "GET", path: "/api/v1/enterprises?limit=0"}, 400, []string{"limit"}, ""},
		{"enterprise", req{method: "GET", path: "/api/v1/enterprises/hand-gz-motor"}, 200, nil, `合成广州轮毂电机`},
		{"missing enterprise", req{method: "GET", path: "/api/v1/enterprises/none"}, 404, nil, ""},
		{"match", req{method: "POST", path: "/api/v1/match", body: map[string]any{"county": "331122", "chain": "short-distance-transport", "limit": 3}}, 200, nil, `"contributions"`},
		{"match local base", req{method: "POST", path: "/api/v1/match", body: map[string]any{"county": "331122", "chain": "short-distance-transport", "local": true}}, 200, nil, `"code":"local_base"`},
		{"match unknown county", req{method: "POST", path: "/api/v1/match", body: map[string]any{"county": "999999", "chain": "short-distance-transport"}}, 422, []string{"county"}, ""},
		{"match unknown county and chain", req{method: "POST", path: "/api/v1/match", body: map[string]any{"county": "x", "chain": "y"}}, 422, []string{"county", "chain"}, ""},
		{"match bad weights", req{method: "POST", path: "/api/v1/match", body: map[string]any{"county": "331122", "chain": "short-distance-transport",
			"weights": map[string]any{"name": "w", "beta": map[string]float64{"luck": 1}}}}, 422, []string{"beta.luck"}, ""},
		{"ahp", req{method: "POST", path: "/api/v1/weights/ahp", body: map[string]any{"criteria": []string{"gap_fit", "quality", "intent"},
			"matrix": [][]float64{{1, 3, 5}, {1.0 / 3, 1, 3}, {0.2, 1.0 / 3, 1}}}}, 200, nil, `"consistent":true`},
		{"ahp not reciprocal", req{method: "POST", path: "/api/v1/weights/ahp", body: map[string]any{"matrix": [][]float64{{1, 3}, {3, 1}}}}, 422, []string{"matrix[1][0]"}, ""},
		{"ahp criteria mismatch", req{method: "POST", path: "/api/v1/weights/ahp", body: map[string]any{"criteria": []string{"a"}, "matrix": [][]float64{{1, 3}, {1.0 / 3, 1}}}}, 422, []string{"criteria"}, ""},
		{"no route", req{method: "GET", path: "/api/v1/nothing"}, 404, nil, `"code":"not_found"`},
		{"wrong method", req{method: "DELETE", path: "/api/v1/chains"}, 405, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.token = ts.admin
			w := c.req.do(t, ts)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if c.has != "" && !strings.Contains(w.Body.String(), c.has) {
				t.Errorf("body lacks %s: %.400s", c.has, w.Body)
			}
			if len(c.fields) > 0 {
				e := decodeBody[errResp](t, w)
				for _, f := range c.fields {
					if e.Error.Fields[f] == "" {
						t.Errorf("no field error for %q: %s", f, w.Body)
					}
				}
			}
		})
	}
}

func TestMatchRanksRealTargets(t *testing.T) {
	ts := newTestServer(t, nil)
	w := req{method: "POST", path: "/api/v1/match", token: ts.admin,
		body: map[string]any{"county": "331122", "chain": "short-distance-transport", "limit": 10}}.do(t, ts)
	res := decodeBody[struct {
		Targets []chainmatch.Target `json:"targets"`
	}](t, w)
	if len(res.Targets) != 10 {
		t.Fatalf("%d targets, want 10 (the pool has more outside 缙云): %.400s", len(res.Targets), w.Body)
	}
	for i, tg := range res.Targets {
		sum := 0.0
		for _, v := range tg.Contributions {
			sum += v
		}
		if tg.Rank != i+1 || tg.Enterprise == nil || tg.Enterprise.County == "331122" || abs(sum-tg.Score) > 1e-6 {
			t.Errorf("target %d: %+v (contributions sum %g)", i, tg, sum)
		}
		if i > 0 && tg.Score > res.Targets[i-1].Score {
			t.Errorf("target %d scores above target %d", i, i-1)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestDecodeErrors(t *testing.T) {
	ts := newTestServer(t, func(d *Deps) { d.MaxBodyBytes = 512 })
	big := `{"county": "331122", "chain": "` + strings.Repeat("x", 1000) + `"}`
	cases := []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"bad json", `{"county": `, 400, "body"},
		{"not json", `county=331122`, 400, "body"},
		{"empty", ``, 400, "body"},
		{"unknown field", `{"county": "331122", "chain": "short-distance-transport", "colour": "red"}`, 400, "colour"},
		{"wrong type", `{"county": 331122, "chain": "short-distance-transport"}`, 400, "county"},
		{"two values", `{"county": "331122", "chain": "short-distance-transport"} {}`, 400, "body"},
		{"oversized", big, 413, ""},
		{"unknown county", `{"county": "000000", "chain": "short-distance-transport"}`, 422, "county"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := req{method: "POST", path: "/api/v1/match", body: c.body, token: ts.admin}.do(t, ts)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			e := decodeBody[errResp](t, w)
			if e.Error.Code == "" || e.Error.Message == "" {
				t.Errorf("error body %s", w.Body)
			}
			if c.field != "" && e.Error.Fields[c.field] == "" {
				t.Errorf("no field error for %q: %s", c.field, w.Body)
			}
		})
	}
}

func TestAccess(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	tokens := map[string]string{}
	for _, role := range chainmatch.Roles {
		_, tok, err := ts.store.AddUser(ctx, "u-"+role, role, "test")
		if err != nil {
			t.Fatal(err)
		}
		tokens[role] = tok
	}
	weights := map[string]any{"name": "t", "beta": map[string]float64{"gap_fit": 1}, "gap": map[string]float64{"gap": 1}}
	list := map[string]any{"name": "l", "county": "331122", "chain": "short-distance-transport", "limit": 2}
	cases := []struct {
		name   string
		req    req
		status int
	}{
		{"loopback without token is nobody", req{method: "GET", path: "/api/v1/chains", remote: local}, 401},
		{"loopback through a proxy is nobody", req{method: "GET", path: "/api/v1/chains", remote: local, header: map[string]string{"X-Forwarded-For": "203.0.113.9"}}, 401},
		{"remote without token", req{method: "GET", path: "/api/v1/chains"}, 401},
		{"unknown token", req{method: "GET", path: "/api/v1/chains", token: "cm_nope", remote: local}, 401},
		{"malformed authorization", req{method: "GET", path: "/api/v1/chains", remote: local, header: map[string]string{"Authorization": "Basic abc"}}, 401},
		{"viewer reads", req{method: "GET", path: "/api/v1/chains", token: tokens["viewer"]}, 200},
		{"viewer may not make lists", req{method: "POST", path: "/api/v1/lists", body: list, token: tokens["viewer"]}, 403},
		{"viewer may not save weights", req{method: "POST", path: "/api/v1/weights", body: weights, token: tokens["viewer"]}, 403},
		{"editor makes lists", req{method: "POST", path: "/api/v1/lists", body: list, token: tokens["editor"]}, 201},
		{"editor may not save weights", req{method: "POST", path: "/api/v1/weights", body: weights, token: tokens["editor"]}, 403},
		{"analyst saves weights", req{method: "POST", path: "/api/v1/weights", body: weights, token: tokens["analyst"]}, 201},
		{"analyst may not make lists", req{method: "POST", path: "/api/v1/lists", body: list, token: tokens["analyst"]}, 403},
		{"analyst may not import", req{method: "POST", path: "/api/v1/import?format=jsonl", body: "{}", token: tokens["analyst"]}, 403},
		{"editor may not see users", req{method: "GET", path: "/api/v1/users", token: tokens["editor"]}, 403},
		{"a local token is held to its role", req{method: "GET", path: "/api/v1/users", token: tokens["viewer"], remote: local}, 403},
		{"admin sees users", req{method: "GET", path: "/api/v1/users", token: tokens["admin"]}, 200},
		{"health needs no token", req{method: "GET", path: "/healthz"}, 200},
		{"metrics need no token", req{method: "GET", path: "/metrics"}, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := c.req.do(t, ts)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if c.status == 401 && w.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}

	// A token made while the server runs works at once; a removed one stops.
	w := req{method: "POST", path: "/api/v1/users", body: map[string]string{"name": "new", "role": "editor"}, token: tokens["admin"]}.do(t, ts)
	if w.Code != 201 {
		t.Fatalf("add user %d %s", w.Code, w.Body)
	}
	tok := decodeBody[struct{ Token string }](t, w).Token
	if w := (req{method: "GET", path: "/api/v1/me", token: tok}).do(t, ts); w.Code != 200 || !strings.Contains(w.Body.String(), `"role":"editor"`) {
		t.Errorf("new token: %d %s", w.Code, w.Body)
	}
	if w := (req{method: "DELETE", path: "/api/v1/users/new", token: tokens["admin"]}).do(t, ts); w.Code != 204 {
		t.Fatalf("delete user %d %s", w.Code, w.Body)
	}
	if w := (req{method: "GET", path: "/api/v1/me", token: tok}).do(t, ts); w.Code != 401 {
		t.Errorf("removed token: %d", w.Code)
	}

	// With the development setting LoopbackAdmin, a direct loopback request
	// without a token is the local admin; through a proxy that says so it is not.
	dev := newTestServer(t, func(d *Deps) { d.LoopbackAdmin = true })
	if w := (req{method: "GET", path: "/api/v1/users", remote: local}).do(t, dev); w.Code != 200 {
		t.Errorf("LoopbackAdmin, loopback without token: %d", w.Code)
	}
	if w := (req{method: "GET", path: "/api/v1/chains", remote: local, header: map[string]string{"X-Forwarded-For": "203.0.113.9"}}).do(t, dev); w.Code != 401 {
		t.Errorf("LoopbackAdmin, loopback through a proxy: %d", w.Code)
	}
	if w := (req{method: "GET", path: "/api/v1/chains"}).do(t, dev); w.Code != 401 {
		t.Errorf("LoopbackAdmin, remote without token: %d", w.Code)
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ts := newTestServer(t, func(d *Deps) {
		d.RatePerSecond, d.RateBurst = 1, 3
		d.Now = func() time.Time { return now }
	})
	codes := []int{}
	for range 5 {
		codes = append(codes, req{method: "GET", path: "/api/v1/chains", token: ts.admin}.do(t, ts).Code)
	}
	want := []int{200, 200, 200, 429, 429}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("codes %v, want %v", codes, want)
		}
	}
	now = now.Add(1500 * time.Millisecond)
	if w := (req{method: "GET", path: "/api/v1/chains", token: ts.admin}).do(t, ts); w.Code != 200 {
		t.Errorf("after refill: %d", w.Code)
	}
}

func TestListWorkflow(t *testing.T) {
	ts := newTestServer(t, nil)
	// A stored weight profile, used by name.
	w := req{method: "POST", path: "/api/v1/weights", token: ts.admin, body: map[string]any{"name": "jinyun", "county": "331122",
		"beta": map[string]float64{"gap_fit": 0.5, "quality": 0.3, "proximity": 0.2}, "gap": map[string]float64{"gap": 1}}}.do(t, ts)
	if w.Code != 201 {
		t.Fatalf("weights %d %s", w.Code, w.Body)
	}
	w = req{method: "POST", path: "/api/v1/lists", token: ts.admin, body: map[string]any{"name": "缙云短交通 Q4", "county": "331122",
		"chain": "short-distance-transport", "limit": 3, "weights_name": "jinyun", "owner": "王科长"}}.do(t, ts)
	if w.Code != 201 {
		t.Fatalf("create list %d %s", w.Code, w.Body)
	}
	created := decodeBody[store.List](t, w)
	if created.ID == "" || len(created.Items) != 3 || created.WeightsName != "jinyun" || created.WeightsVersion != 1 ||
		!strings.Contains(string(created.Filters), `"limit":3`) || created.CreatedBy != testAdmin {
		t.Fatalf("created %+v", created)
	}
	base := "/api/v1/lists/" + created.ID
	item := created.Items[0]
	itemPath := base + "/items/" + itoa(item.ID)

	steps := []struct {
		name   string
		body   string
		status int
	}{
		{"contacted", `{"status": "contacted", "owner": "李四"}`, 200},
		{"backwards", `{"status": "candidate"}`, 409},
		{"not a status", `{"status": "won"}`, 422},
		{"unknown field", `{"state": "visited"}`, 400},
	}
	for _, s := range steps {
		if w := (req{method: "PATCH", path: itemPath, body: s.body, token: ts.admin}).do(t, ts); w.Code != s.status {
			t.Errorf("%s: %d, want %d: %s", s.name, w.Code, s.status, w.Body)
		}
	}
	if w := (req{method: "PATCH", path: base + "/items/99999", body: `{"notes": "x"}`, token: ts.admin}).do(t, ts); w.Code != 404 {
		t.Errorf("missing item: %d", w.Code)
	}
	if w := (req{method: "PATCH", path: base + "/items/abc", body: `{"notes": "x"}`, token: ts.admin}).do(t, ts); w.Code != 400 {
		t.Errorf("bad item id: %d", w.Code)
	}

	// Items by hand: a duplicate is a conflict.
	if w := (req{method: "POST", path: base + "/items", body: `{"enterprise_ids": ["hand-jy-ebike"]}`, token: ts.admin}).do(t, ts); w.Code != 201 {
		t.Errorf("add item: %d %s", w.Code, w.Body)
	}
	if w := (req{method: "POST", path: base + "/items", body: `{"enterprise_ids": ["hand-jy-ebike"]}`, token: ts.admin}).do(t, ts); w.Code != 409 {
		t.Errorf("add duplicate: %d %s", w.Code, w.Body)
	}
	if w := (req{method: "POST", path: base + "/items", body: `{"enterprise_ids": ["none"]}`, token: ts.admin}).do(t, ts); w.Code != 422 {
		t.Errorf("add unknown: %d %s", w.Code, w.Body)
	}

	// Export as XLSX and read the cells back.
	w = req{method: "GET", path: base + "/export?format=xlsx", token: ts.admin}.do(t, ts)
	if w.Code != 200 {
		t.Fatalf("export %d %s", w.Code, w.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(exportHeaders, ",") {
		t.Errorf("headers %v", rows[0])
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want header + 4", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	first := rows[1]
	if first[col["编号"]] != itoa(item.ID) || first[col["名称"]] != item.Target.Enterprise.Name ||
		first[col["状态"]] != "已联系" || first[col["负责人"]] != "李四" || first[col["环节"]] == "" ||
		!strings.Contains(first[col["各项贡献"]], chainmatch.FeatureTable[0].Label+" ") || first[col["推荐理由"]] == "" {
		t.Errorf("first row %q", first)
	}
	if !strings.Contains(first[col["所在地"]], "省") {
		t.Errorf("所在地 %q should be spelled in names", first[col["所在地"]])
	}
	score, err := f.GetCellValue(sheet, "F2")
	if err != nil || score == "" {
		t.Errorf("score cell %q %v", score, err)
	}

	// Edit the sheet: visited with a note; import it back.
	statusCell, _ := excelize.CoordinatesToCellName(col["状态"]+1, 2)
	notesCell, _ := excelize.CoordinatesToCellName(col["备注"]+1, 2)
	f.SetCellValue(sheet, statusCell, "已拜访")
	f.SetCellValue(sheet, notesCell, "11月20日上门，对方有意扩产")
	var edited bytes.Buffer
	if err := f.Write(&edited); err != nil {
		t.Fatal(err)
	}
	body, ctype := multipartFile(t, "list.xlsx", edited.Bytes())
	w = req{method: "POST", path: base + "/import", body: body, token: ts.admin, header: map[string]string{"Content-Type": ctype}}.do(t, ts)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"updated":1`) {
		t.Fatalf("import %d %s", w.Code, w.Body)
	}
	w = req{method: "GET", path: itemPath, token: ts.admin}.do(t, ts)
	got := decodeBody[struct {
		Item    store.Item           `json:"item"`
		History []store.StatusChange `json:"history"`
	}](t, w)
	if got.Item.Status != chainmatch.StatusVisited || got.Item.Notes != "11月20日上门，对方有意扩产" || len(got.History) != 2 ||
		got.History[1].By != testAdmin || got.History[1].At.IsZero() {
		t.Errorf("after import %+v", got)
	}

	// A sheet with a forbidden status change changes nothing.
	f.SetCellValue(sheet, statusCell, "候选")
	f.SetCellValue(sheet, notesCell, "不该写入")
	edited.Reset()
	f.Write(&edited)
	w = req{method: "POST", path: base + "/import", body: edited.Bytes(), token: ts.admin,
		header: map[string]string{"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}.do(t, ts)
	if w.Code != 422 || decodeBody[errResp](t, w).Error.Fields["row 2.状态"] == "" {
		t.Errorf("bad import %d %s", w.Code, w.Body)
	}
	if it, _ := ts.store.Item(context.Background(), created.ID, item.ID); it.Notes != "11月20日上门，对方有意扩产" {
		t.Errorf("rejected import changed notes to %q", it.Notes)
	}

	// CSV export: BOM and headers.
	w = req{method: "GET", path: base + "/export?format=csv", token: ts.admin}.do(t, ts)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "\uFEFF编号,名称,统一社会信用代码") {
		t.Errorf("csv %d %.200s", w.Code, w.Body)
	}
	if w := (req{method: "GET", path: base + "/export?format=pdf", token: ts.admin}).do(t, ts); w.Code != 400 {
		t.Errorf("pdf export %d", w.Code)
	}

	// Outcomes and the audit log saw it all.
	outs, _ := ts.store.Outcomes(context.Background(), "331122")
	if len(outs) != 2 || outs[1].Type != chainmatch.StatusVisited {
		t.Errorf("outcomes %+v", outs)
	}
	w = req{method: "GET", path: "/api/v1/audit?entity=list/" + created.ID, token: ts.admin}.do(t, ts)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"what":"item.update"`) || !strings.Contains(w.Body.String(), `"what":"list.create"`) {
		t.Errorf("audit %d %.300s", w.Code, w.Body)
	}
	// Remove an item.
	if w := (req{method: "DELETE", path: itemPath, token: ts.admin}).do(t, ts); w.Code != 204 {
		t.Errorf("remove %d %s", w.Code, w.Body)
	}
	if w := (req{method: "GET", path: "/api/v1/lists", token: ts.admin}).do(t, ts); w.Code != 200 || !strings.Contains(w.Body.String(), created.ID) {
		t.Errorf("lists %d %s", w.Code, w.Body)
	}
}

func itoa(n int64) string { return strconv64(n) }

func multipartFile(t *testing.T, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// TestSaveWeightsChecksGapParts holds POST /api/v1/weights to chainmatch's one
// Weights.Validate: a profile without gap weights (every node's priority, so every
// gap_fit, would be zero) or with a gap weight on something that is not a gap part
// is a 422 with a field error and is not stored.
func TestSaveWeightsChecksGapParts(t *testing.T) {
	ts := newTestServer(t, nil)
	cases := []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"no gap weights", map[string]any{"name": "bad", "beta": map[string]float64{"gap_fit": 5}}, 422, "gap"},
		{"feature as gap part", map[string]any{"name": "bad", "beta": map[string]float64{"gap_fit": 5},
			"gap": map[string]float64{"gap_fit": 5}}, 422, "gap.gap_fit"},
		{"all gap weights zero", map[string]any{"name": "bad", "beta": map[string]float64{"gap_fit": 5},
			"gap": map[string]float64{"gap": 0}}, 422, "gap"},
		{"gap parts", map[string]any{"name": "good", "beta": map[string]float64{"gap_fit": 5},
			"gap": map[string]float64{"gap": 0.5, "importance": 0.5}}, 201, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := req{method: "POST", path: "/api/v1/weights", token: ts.admin, body: c.body}.do(t, ts)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if c.field != "" {
				if e := decodeBody[errResp](t, w); e.Error.Fields[c.field] == "" {
					t.Errorf("no field error for %q: %s", c.field, w.Body)
				}
			}
		})
	}
	if w := (req{method: "GET", path: "/api/v1/weights/bad", token: ts.admin}).do(t, ts); w.Code != 404 {
		t.Errorf("rejected profile stored: %d %s", w.Code, w.Body)
	}
	w := req{method: "POST", path: "/api/v1/match", token: ts.admin, body: map[string]any{"county": "331122",
		"chain": "short-distance-transport", "limit": 3, "weights_name": "good"}}.do(t, ts)
	res := decodeBody[struct {
		Targets []chainmatch.Target `json:"targets"`
	}](t, w)
	if w.Code != 200 || len(res.Targets) == 0 || res.Targets[0].Score <= 0 {
		t.Errorf("match with the saved profile: %d %s", w.Code, w.Body)
	}
}

func TestWeightsAndSandbox(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, beta := range []float64{0.9, 0.1} {
		w := req{method: "POST", path: "/api/v1/weights", token: ts.admin, body: map[string]any{"name": "p",
			"beta": map[string]float64{"gap_fit": beta, "quality": 1 - beta}, "gap": map[string]float64{"gap": 1}}}.do(t, ts)
		if w.Code != 201 {
			t.Fatalf("save %d %s", w.Code, w.Body)
		}
	}
	w := req{method: "GET", path: "/api/v1/weights/p", token: ts.admin}.do(t, ts)
	if got := decodeBody[chainmatch.Weights](t, w); got.Version != 2 || got.Author != testAdmin {
		t.Errorf("latest %+v", got)
	}
	w = req{method: "GET", path: "/api/v1/weights/p?version=1", token: ts.admin}.do(t, ts)
	if got := decodeBody[chainmatch.Weights](t, w); got.Version != 1 || got.Beta["gap_fit"] != 0.9 {
		t.Errorf("v1 %+v", got)
	}
	if w := (req{method: "GET", path: "/api/v1/weights", token: ts.admin}).do(t, ts); !strings.Contains(w.Body.String(), `"default"`) {
		t.Errorf("profiles %s", w.Body)
	}
	w = req{method: "POST", path: "/api/v1/weights/sandbox", token: ts.admin, body: map[string]any{"county": "331122",
		"chain": "short-distance-transport", "limit": 10, "a": map[string]any{"name": "p", "version": 1}, "b": map[string]any{"name": "p"}}}.do(t, ts)
	if w.Code != 200 {
		t.Fatalf("sandbox %d %s", w.Code, w.Body)
	}
	sb := decodeBody[struct {
		A, B struct {
			Weights chainmatch.Weights
			Targets []chainmatch.Target
		}
		Comparison struct {
			N          int     `json:"n"`
			KendallTau float64 `json:"kendall_tau"`
		}
	}](t, w)
	if sb.A.Weights.Version != 1 || sb.B.Weights.Version != 2 || len(sb.A.Targets) == 0 || sb.Comparison.N == 0 {
		t.Errorf("sandbox %+v", sb)
	}
	w = req{method: "POST", path: "/api/v1/weights/sandbox", token: ts.admin, body: map[string]any{"county": "331122",
		"chain": "short-distance-transport", "a": map[string]any{"name": "missing"}}}.do(t, ts)
	if w.Code != 422 || decodeBody[errResp](t, w).Error.Fields["a.weights_name"] == "" {
		t.Errorf("sandbox missing profile %d %s", w.Code, w.Body)
	}
	audit, _ := ts.store.Audit(context.Background(), "weights/p", 10)
	if len(audit) != 2 || audit[0].Who != testAdmin {
		t.Errorf("weights audit %+v", audit)
	}
}

// TestImport drives POST /api/v1/import through the real import pipeline into an
// engine of its own: the summary counts, a repeat changes nothing, and what was
// imported is found by search at once.
func TestImport(t *testing.T) {
	ts := newImportServer(t, true, nil)
	// The rows name their source: without one a row's source is the upload's
	// file name, which differs between uploads.
	ndjson := `{"name": "合成导入企业甲", "county": "331124", "scope": "电动车控制器研发", "source": "synthetic"}` + "\n" +
		`{"name": "合成导入企业乙", "source": "synthetic"}` + "\n" + `{"name": ""}` + "\n"
	w := req{method: "POST", path: "/api/v1/import", body: ndjson, token: ts.admin, header: map[string]string{"Content-Type": "application/x-ndjson"}}.do(t, ts)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"accepted":2`) || !strings.Contains(w.Body.String(), `"rejected":1`) {
		t.Fatalf("ndjson import %d %s", w.Code, w.Body)
	}
	w = req{method: "GET", path: "/api/v1/enterprises?q=电动车控制器&chain=" + sdt, token: ts.admin}.do(t, ts)
	if got := decodeBody[searchBody](t, w); got.Total != 1 || got.Hits[0].Name != "合成导入企业甲" || got.Hits[0].Province != "33" {
		t.Errorf("search after import: %s", w.Body)
	}
	body, ctype := multipartFile(t, "pool.jsonl", []byte(ndjson))
	w = req{method: "POST", path: "/api/v1/import", body: body, token: ts.admin, header: map[string]string{"Content-Type": ctype}}.do(t, ts)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"accepted":0,"updated":0,"unchanged":2`) {
		t.Fatalf("multipart import %d %s", w.Code, w.Body)
	}
	if n, _, _ := ts.store.Counts(context.Background()); n != 2 {
		t.Errorf("%d enterprises stored", n)
	}
	if w := (req{method: "POST", path: "/api/v1/import", body: ndjson, token: ts.admin}).do(t, ts); w.Code != 400 {
		t.Errorf("no format: %d %s", w.Code, w.Body)
	}
	small := newTestServer(t, func(d *Deps) { d.MaxUploadBytes = 10 })
	if w := (req{method: "POST", path: "/api/v1/import?format=jsonl", body: ndjson, token: small.admin}).do(t, small); w.Code != 413 {
		t.Errorf("oversized upload: %d %s", w.Code, w.Body)
	}
	none := newTestServer(t, func(d *Deps) { d.Import = nil })
	if w := (req{method: "POST", path: "/api/v1/import?format=jsonl", body: ndjson, token: none.admin}).do(t, none); w.Code != 503 {
		t.Errorf("import disabled: %d", w.Code)
	}
}

// TestImportSourceIsTheUploadsName: a record that names no source takes the
// uploaded file's own name (not the server's temporary file), without the
// client's folders; a body without a file name goes by "upload by USER". The
// summary and the rejects file carry the same name.
func TestImportSourceIsTheUploadsName(t *testing.T) {
	ts := newImportServer(t, false, nil)
	ctx := context.Background()
	sources := func() map[string]string {
		t.Helper()
		got := map[string]string{}
		err := ts.store.Enterprises(ctx, func(_ int64, e *chainmatch.Enterprise) error {
			got[e.Name] = e.Source
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	body, ctype := multipartFile(t, `C:\名单\重点企业名单.jsonl`, []byte(`{"name": "合成来源企业甲", "county": "331124"}`+"\n"+`{"county": "331124"}`+"\n"))
	w := req{method: "POST", path: "/api/v1/import", body: body, token: ts.admin, header: map[string]string{"Content-Type": ctype}}.do(t, ts)
	if w.Code != 200 {
		t.Fatalf("multipart import %d %s", w.Code, w.Body)
	}
	sum := decodeBody[struct {
		Rejects string `json:"rejects_file"`
		Files   []struct {
			File string `json:"file"`
		} `json:"files"`
	}](t, w)
	if len(sum.Files) != 1 || sum.Files[0].File != "重点企业名单.jsonl" || !strings.Contains(filepath.Base(sum.Rejects), "重点企业名单") {
		t.Errorf("summary names %+v", sum)
	}
	w = req{method: "POST", path: "/api/v1/import?format=jsonl", body: `{"name": "合成来源企业乙", "county": "331124"}`, token: ts.admin}.do(t, ts)
	if w.Code != 200 {
		t.Fatalf("raw import %d %s", w.Code, w.Body)
	}
	want := map[string]string{"合成来源企业甲": "重点企业名单.jsonl", "合成来源企业乙": "upload by " + testAdmin}
	if got := sources(); !maps.Equal(got, want) {
		t.Errorf("sources %v, want %v", got, want)
	}
}

func TestMetrics(t *testing.T) {
	ts := newTestServer(t, nil)
	req{method: "GET", path: "/api/v1/chains/short-distance-transport", token: ts.admin}.do(t, ts)
	ts.metrics.ObserveStage("score", 3*time.Millisecond)
	ts.metrics.SetIndexSize("enterprise", 5)
	w := req{method: "GET", path: "/metrics"}.do(t, ts)
	for _, want := range []string{
		`chainmatch_http_requests_total{method="GET",route="/api/v1/chains/{id}",status="200"} 1`,
		`chainmatch_http_request_duration_seconds_bucket{method="GET",route="/api/v1/chains/{id}"`,
		`chainmatch_match_stage_seconds_count{stage="score"} 1`,
		`chainmatch_index_documents{kind="enterprise"} 5`,
	} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestOpenAPIMatchesRoutes checks that every chi route is documented and every
// documented operation is routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	ts := newTestServer(t, nil)
	routed := map[string]bool{}
	err := chi.Walk(ts.router, func(method, route string, h http.Handler, mw ...func(http.Handler) http.Handler) error {
		routed[strings.ToLower(method)+" "+route] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	pathRE := regexp.MustCompile(`^  (/\S*):\s*$`)
	opRE := regexp.MustCompile(`^    (get|put|post|patch|delete|head|options):\s*$`)
	var path string
	inPaths := false
	for _, line := range strings.Split(string(openAPIDoc), "\n") {
		if strings.HasPrefix(line, "paths:") {
			inPaths = true
			continue
		}
		if inPaths && line != "" && line[0] != ' ' {
			inPaths = false
		}
		if !inPaths {
			continue
		}
		if m := pathRE.FindStringSubmatch(line); m != nil {
			path = m[1]
		} else if m := opRE.FindStringSubmatch(line); m != nil {
			documented[m[1]+" "+path] = true
		}
	}
	if !strings.HasPrefix(string(openAPIDoc), "openapi: 3.1") {
		t.Error("not an OpenAPI 3.1 document")
	}
	var missing, extra []string
	for r := range routed {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for d := range documented {
		if !routed[d] {
			extra = append(extra, d)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes not in openapi.yaml: %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("openapi.yaml operations without a route: %v", extra)
	}
	if len(routed) < 30 {
		t.Errorf("only %d routes walked", len(routed))
	}
}

// TestServeDrains cancels Serve while a request is in flight: the request
// completes, new connections are refused, and Serve returns nil.
func TestServeDrains(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		w.Write([]byte("done"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h, testLogger(t)) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	// Serve must wait for the request in flight.
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("in-flight request got %q", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting after shutdown")
	}
}

func TestUploadName(t *testing.T) {
	long := strings.Repeat("名", 300) + ".xlsx"
	for in, want := range map[string]string{
		`C:\名单\重点企业.xlsx`:      "重点企业.xlsx",
		"/home/a/b.csv":        "b.csv",
		" 名单\x00\x1b[31m.csv ": "名单[31m.csv",
		"bad\xffname.csv":      "badname.csv",
		long:                   strings.Repeat("名", 95) + ".xlsx",
		"":                     "",
	} {
		if got := uploadName(in); got != want {
			t.Errorf("uploadName(%q) = %q, want %q", in, got, want)
		}
	}
}
