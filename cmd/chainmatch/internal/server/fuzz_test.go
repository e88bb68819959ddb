package server

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzMatchBody sends arbitrary bodies to POST /api/v1/match: the answer is a
// result or a client error with the error shape, never a server error.
func FuzzMatchBody(f *testing.F) {
	for _, s := range []string{
		`{"county": "331122", "chain": "short-distance-transport", "limit": 3}`,
		`{"county": 1}`, `{"county": "331122", "chain": "short-distance-transport", "weights": {"name": "x", "beta": {"gap_fit": 1e300}}}`,
		`[]`, `null`, `{"limit": -1, "county": "331122", "chain": "short-distance-transport"}`, `{"weights_name": "nope"}`, "\x00",
	} {
		f.Add(s)
	}
	ts := newTestServer(f, unlimited)
	f.Fuzz(func(t *testing.T, body string) {
		w := req{method: "POST", path: "/api/v1/match", body: body, token: ts.admin}.do(t, ts)
		if w.Code >= 500 {
			t.Fatalf("%q: %d %s", body, w.Code, w.Body)
		}
		if w.Code >= 400 && decodeBody[errResp](t, w).Error.Code == "" {
			t.Fatalf("%q: error without a code: %s", body, w.Body)
		}
	})
}

// FuzzListImport sends arbitrary files to POST /api/v1/lists/{id}/import, seeded
// with a real export: never a server error.
func FuzzListImport(f *testing.F) {
	ts := newTestServer(f, unlimited)
	w := req{method: "POST", path: "/api/v1/lists", token: ts.admin, body: map[string]any{"name": "fuzz", "county": "331122",
		"chain": "short-distance-transport", "limit": 2}}.do(f, ts)
	if w.Code != 201 {
		f.Fatalf("create list %d %s", w.Code, w.Body)
	}
	id := decodeBody[struct{ ID string }](f, w).ID
	w = req{method: "GET", path: "/api/v1/lists/" + id + "/export?format=xlsx", token: ts.admin}.do(f, ts)
	f.Add(w.Body.Bytes())
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"编号", "状态", "备注"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"1", "已签约", "x"})
	x.SetSheetRow("Sheet1", "A3", &[]any{"", "", ""})
	var buf bytes.Buffer
	x.Write(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("not a workbook"))
	f.Fuzz(func(t *testing.T, file []byte) {
		w := req{method: "POST", path: "/api/v1/lists/" + id + "/import?format=xlsx", body: file, token: ts.admin}.do(t, ts)
		if w.Code >= 500 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
}

// unlimited lifts the rate limit so fuzzing reaches the handlers.
func unlimited(d *Deps) { d.RatePerSecond, d.RateBurst = 1e9, 1e9 }
