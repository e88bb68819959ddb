package server

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

type searchBody struct {
	Total uint64      `json:"total"`
	Hits  []SearchHit `json:"hits"`
}

type targetsBody struct {
	Targets []chainmatch.Target `json:"targets"`
}

// TestSearchFilters holds GET /api/v1/enterprises to its filters on the real
// engine: every hit obeys the province, tag, chain and kind asked for, limit and
// offset page through the same total, and a filter narrows the unfiltered set.
func TestSearchFilters(t *testing.T) {
	ts := newTestServer(t, nil)
	search := func(t *testing.T, q url.Values) searchBody {
		t.Helper()
		w := req{method: "GET", path: "/api/v1/enterprises?" + q.Encode(), token: ts.admin}.do(t, ts)
		if w.Code != 200 {
			t.Fatalf("search %s: %d %s", q.Encode(), w.Code, w.Body)
		}
		return decodeBody[searchBody](t, w)
	}
	chainOnly := search(t, url.Values{"chain": {sdt}, "limit": {"1000"}})
	if chainOnly.Total < 20 || int(chainOnly.Total) != len(chainOnly.Hits) {
		t.Fatalf("chain %s: total %d, %d hits; the test pool should hold more", sdt, chainOnly.Total, len(chainOnly.Hits))
	}
	cases := []struct {
		name  string
		q     url.Values
		check func(h SearchHit) bool
		has   string // an id the answer must hold
	}{
		{"province", url.Values{"chain": {sdt}, "province": {"44"}},
			func(h SearchHit) bool { return h.Province == "44" }, "hand-gz-motor"},
		{"two provinces", url.Values{"chain": {sdt}, "province": {"32,44"}},
			func(h SearchHit) bool { return h.Province == "32" || h.Province == "44" }, "hand-wx-battery"},
		{"tag", url.Values{"chain": {sdt}, "tag": {"high_tech"}},
			func(h SearchHit) bool { return slices.Contains(h.Tags, chainmatch.TagHighTech) }, "hand-wx-battery"},
		{"every tag", url.Values{"chain": {sdt}, "tag": {"high_tech", "listed"}},
			func(h SearchHit) bool {
				return slices.Contains(h.Tags, chainmatch.TagHighTech) && slices.Contains(h.Tags, chainmatch.TagListed)
			}, "hand-gz-motor"},
		{"node", url.Values{"chain": {sdt}, "node": {"hub-motors"}}, nil, "hand-gz-motor"},
		{"talents", url.Values{"chain": {sdt}, "kind": {"talent"}},
			func(h SearchHit) bool { return h.Kind == chainmatch.KindTalent }, ""},
		{"enterprises by default", url.Values{"q": {"电池"}},
			func(h SearchHit) bool { return h.Kind == chainmatch.KindEnterprise }, "hand-wx-battery"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.Set("limit", "1000")
			got := search(t, c.q)
			if len(got.Hits) == 0 || int(got.Total) != len(got.Hits) {
				t.Fatalf("total %d, %d hits", got.Total, len(got.Hits))
			}
			if c.q.Get("q") == "" && got.Total >= chainOnly.Total {
				t.Errorf("the filter keeps %d of %d", got.Total, chainOnly.Total)
			}
			for _, h := range got.Hits {
				if c.check != nil && !c.check(h) {
					t.Errorf("hit breaks the filter: %+v", h)
				}
			}
			if c.has != "" && !slices.ContainsFunc(got.Hits, func(h SearchHit) bool { return h.ID == c.has }) {
				t.Errorf("%s missing", c.has)
			}
		})
	}

	// All kinds: the pool's talents and enterprises in one answer.
	all := search(t, url.Values{"chain": {sdt}, "kind": {"all"}, "limit": {"1000"}})
	kinds := map[string]int{}
	for _, h := range all.Hits {
		kinds[h.Kind]++
	}
	if kinds[chainmatch.KindEnterprise] != int(chainOnly.Total) || kinds[chainmatch.KindTalent] == 0 {
		t.Errorf("kind=all: %v, want %d enterprises and some talents", kinds, chainOnly.Total)
	}

	// Limit and offset page through one total.
	p1 := search(t, url.Values{"chain": {sdt}, "limit": {"5"}})
	p2 := search(t, url.Values{"chain": {sdt}, "limit": {"5"}, "offset": {"5"}})
	if len(p1.Hits) != 5 || len(p2.Hits) != 5 || p1.Total != chainOnly.Total || p2.Total != chainOnly.Total {
		t.Fatalf("pages of %d and %d hits, totals %d %d", len(p1.Hits), len(p2.Hits), p1.Total, p2.Total)
	}
	for _, h := range p2.Hits {
		if slices.ContainsFunc(p1.Hits, func(o SearchHit) bool { return o.ID == h.ID }) {
			t.Errorf("%s on both pages", h.ID)
		}
	}

	bad := []struct {
		name, query, field string
	}{
		{"unknown kind", "kind=firm&q=x", "kind"},
		{"node without chain", "node=hub-motors", "node"},
		{"unknown chain", "chain=nope", "chain"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			w := req{method: "GET", path: "/api/v1/enterprises?" + c.query, token: ts.admin}.do(t, ts)
			if w.Code != 422 || decodeBody[errResp](t, w).Error.Fields[c.field] == "" {
				t.Errorf("%d %s, want 422 naming %s", w.Code, w.Body, c.field)
			}
		})
	}
}

// TestMatchFilters holds POST /api/v1/match to its filters on the real engine:
// every target obeys the provinces, tags, node and kind asked for, the limit cuts
// the list, free text narrows it, and none is located in the county itself.
func TestMatchFilters(t *testing.T) {
	ts := newTestServer(t, nil)
	match := func(t *testing.T, body map[string]any) targetsBody {
		t.Helper()
		body["county"], body["chain"] = jinyun, sdt
		w := req{method: "POST", path: "/api/v1/match", token: ts.admin, body: body}.do(t, ts)
		if w.Code != 200 {
			t.Fatalf("match %v: %d %s", body, w.Code, w.Body)
		}
		return decodeBody[targetsBody](t, w)
	}
	unfiltered := match(t, map[string]any{"limit": 1000})
	if len(unfiltered.Targets) < 20 {
		t.Fatalf("%d targets unfiltered; the test pool should hold more", len(unfiltered.Targets))
	}
	ent := func(f func(e *chainmatch.EnterpriseSummary) bool) func(chainmatch.Target) bool {
		return func(tg chainmatch.Target) bool { return tg.Enterprise != nil && f(tg.Enterprise) }
	}
	cases := []struct {
		name  string
		body  map[string]any
		check func(tg chainmatch.Target) bool
		has   string
	}{
		{"province", map[string]any{"province": []string{"44"}},
			ent(func(e *chainmatch.EnterpriseSummary) bool { return e.Province == "44" }), "hand-gz-motor"},
		{"two provinces", map[string]any{"province": []string{"32", "33"}},
			ent(func(e *chainmatch.EnterpriseSummary) bool { return e.Province == "32" || e.Province == "33" }), "hand-yk-frame"},
		{"tag", map[string]any{"tags": []string{"high_tech"}},
			ent(func(e *chainmatch.EnterpriseSummary) bool { return slices.Contains(e.Tags, chainmatch.TagHighTech) }), "hand-wx-battery"},
		{"node", map[string]any{"node": "hub-motors"},
			func(tg chainmatch.Target) bool { return tg.Node == "hub-motors" }, "hand-gz-motor"},
		{"text", map[string]any{"q": "车架"}, nil, "hand-yk-frame"},
		{"talents", map[string]any{"kind": "talent"},
			func(tg chainmatch.Target) bool { return tg.Talent != nil && tg.Enterprise == nil }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.body["limit"] = 1000
			got := match(t, c.body)
			if len(got.Targets) == 0 {
				t.Fatal("no targets")
			}
			if c.body["kind"] == nil && len(got.Targets) >= len(unfiltered.Targets) {
				t.Errorf("the filter keeps %d of %d targets", len(got.Targets), len(unfiltered.Targets))
			}
			for _, tg := range got.Targets {
				if c.check != nil && !c.check(tg) {
					t.Errorf("target breaks the filter: %+v %+v", tg.Enterprise, tg.Talent)
				}
				if tg.Enterprise != nil && tg.Enterprise.County == jinyun {
					t.Errorf("local firm %s is a target", tg.Enterprise.ID)
				}
			}
			if c.has != "" && !slices.ContainsFunc(got.Targets, func(tg chainmatch.Target) bool {
				return tg.Enterprise != nil && tg.Enterprise.ID == c.has
			}) {
				t.Errorf("%s missing", c.has)
			}
		})
	}

	if got := match(t, map[string]any{"limit": 7}); len(got.Targets) != 7 {
		t.Errorf("limit 7: %d targets", len(got.Targets))
	}
	// The local base is the county's own firms, the ones outside lists never hold.
	local := match(t, map[string]any{"local": true})
	if len(local.Targets) == 0 {
		t.Fatal("no local base")
	}
	for _, tg := range local.Targets {
		if tg.Enterprise == nil || tg.Enterprise.County != jinyun {
			t.Errorf("local base holds %+v", tg.Enterprise)
		}
	}
	// A list made with filters keeps them, and its items obey them.
	w := req{method: "POST", path: "/api/v1/lists", token: ts.admin, body: map[string]any{"name": "广东高新", "county": jinyun, "chain": sdt,
		"province": []string{"44"}, "tags": []string{"high_tech"}, "limit": 50}}.do(t, ts)
	if w.Code != 201 {
		t.Fatalf("create list %d %s", w.Code, w.Body)
	}
	l := decodeBody[store.List](t, w)
	var made MatchRequest
	if err := json.Unmarshal(l.Filters, &made); err != nil || !slices.Equal(made.Province, []string{"44"}) ||
		!slices.Equal(made.Tags, []string{"high_tech"}) || made.Limit != 50 || made.Weights != nil {
		t.Errorf("list filters %s (%v)", l.Filters, err)
	}
	if len(l.Items) == 0 {
		t.Fatal("an empty list")
	}
	for _, it := range l.Items {
		if e := it.Target.Enterprise; e == nil || e.Province != "44" || !slices.Contains(e.Tags, chainmatch.TagHighTech) {
			t.Errorf("list item breaks the filters: %+v", e)
		}
	}

	bad := []struct {
		name  string
		body  string
		field string
	}{
		{"unknown kind", `{"county": "331122", "chain": "short-distance-transport", "kind": "firm"}`, "kind"},
		{"unknown node", `{"county": "331122", "chain": "short-distance-transport", "node": "wheels"}`, "node"},
		{"limit past the bound", `{"county": "331122", "chain": "short-distance-transport", "limit": 5001}`, "limit"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			w := req{method: "POST", path: "/api/v1/match", token: ts.admin, body: c.body}.do(t, ts)
			if w.Code != 422 || decodeBody[errResp](t, w).Error.Fields[c.field] == "" {
				t.Errorf("%d %s, want 422 naming %s", w.Code, strings.TrimSpace(w.Body.String()), c.field)
			}
		})
	}
}
