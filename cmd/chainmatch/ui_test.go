package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/chainmatch/chainmatch/datasets"
)

// The browser test of the web UI (issue 12): a real `chainmatch serve` on the
// default data (the embedded chains and counties and a synthetic demo pool),
// headless Debian Chromium driven by chromedp, every page address opened, the
// click path of a user done, screenshots and the leader's brief as PDF saved under
// $CHAINMATCH_UI_OUT (else a temporary directory), axe-core run on every page, and
// any console error a failure.
//
// It needs chromium (skipped without it, except under CI, where .ci/run installs
// it) and axe-core's axe.min.js, found through $CHAINMATCH_AXE (a file, or a
// directory holding node_modules/axe-core/axe.min.js): .ci/run installs the npm
// package axe-core and sets it; without it, and outside CI, the accessibility
// check is skipped and said so.

// ui drives one browser tab and collects what the page writes to its console.
type ui struct {
	t       *testing.T
	ctx     context.Context
	base    string
	out     string
	axe     string // axe.min.js source, "" to skip the check
	mu      sync.Mutex
	console []string
}

func (u *ui) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	u.t.Helper()
	if err := chromedp.Do(u.ctx, steps...); err != nil {
		u.t.Fatalf("%s: %v\nconsole: %q", what, err, u.errors())
	}
}

func eval[T any](u *ui, js string) T {
	u.t.Helper()
	v, err := chromedp.Run(u.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		u.t.Fatalf("evaluate %.80s: %v", js, err)
	}
	return v
}

// waitJS waits until the expression is true (a detector of hangs, not a timing).
func (u *ui) waitJS(what, js string) {
	u.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ok, err := chromedp.Run(u.ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			path, _ := chromedp.Run(u.ctx, chromedp.Evaluate[string](`location.href + " | " + document.querySelector("#status").textContent`))
			u.shot("timeout-" + what)
			u.t.Fatalf("waiting for %s (%s): %v; at %s; console %q", what, js, err, path, u.errors())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (u *ui) errors() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.console...)
}

// shot saves a full-page screenshot as NAME.png in the output directory.
func (u *ui) shot(name string) {
	u.t.Helper()
	buf, err := chromedp.Run(u.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		u.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(u.out, name+".png"), buf, 0o644); err != nil {
		u.t.Error(err)
	}
}

// checkA11y runs axe-core on the page and fails on serious or critical violations.
func (u *ui) checkA11y(page string) {
	u.t.Helper()
	if u.axe == "" {
		return
	}
	if !eval[bool](u, `typeof window.axe === "object"`) {
		if _, err := chromedp.Run(u.ctx, chromedp.Evaluate[bool](u.axe+"\n;true")); err != nil {
			u.t.Fatalf("inject axe: %v", err)
		}
	}
	res := eval[string](u, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
		r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").slice(0, 240))}))))`)
	var vs []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		u.t.Fatalf("axe answer %q: %v", res, err)
	}
	for _, v := range vs {
		u.t.Errorf("axe on %s: %s %s (%s): %q", page, v.Impact, v.ID, v.Help, v.Nodes)
	}
}

// axeSource finds axe.min.js through $CHAINMATCH_AXE.
func axeSource(t *testing.T) string {
	p := os.Getenv("CHAINMATCH_AXE")
	if p == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI: CHAINMATCH_AXE is not set (.ci/run installs the npm package axe-core and sets it)")
		}
		t.Log("CHAINMATCH_AXE is not set: the accessibility check (axe-core) is skipped")
		return ""
	}
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		p = filepath.Join(p, "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("CHAINMATCH_AXE: %v", err)
	}
	return string(b)
}

func newUI(t *testing.T, base string) (*ui, func() context.Context) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI: chromium is not installed")
		}
		t.Skip("no chromium: the browser test is skipped")
	}
	out := os.Getenv("CHAINMATCH_UI_OUT")
	if out == "" {
		out = t.TempDir()
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots and PDF in %s", out)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.Headless, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true)}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	u := &ui{t: t, base: base, out: out, axe: axeSource(t)}
	// tab opens a fresh tab of the same browser whose console errors fail the test.
	var first context.Context
	tab := func() context.Context {
		parent := actx // the first tab starts the browser; the others open in it
		if first != nil {
			parent = first
		}
		ctx, cancel := chromedp.NewContext(parent)
		if first == nil {
			first = ctx
		}
		t.Cleanup(cancel)
		ctx, cancel = context.WithTimeout(ctx, 10*time.Minute) // a hang detector
		t.Cleanup(cancel)
		msgs := chromedp.Console(ctx)
		go func() {
			for m, err := range msgs {
				if err != nil {
					return
				}
				if m.Type == chromedp.ConsoleError || m.IsException() {
					u.mu.Lock()
					u.console = append(u.console, m.String()+" at "+m.URL)
					u.mu.Unlock()
				}
			}
		}()
		return ctx
	}
	u.ctx = tab()
	return u, tab
}

func TestBrowserUI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary, serves a demo pool and drives Chromium")
	}
	if _, err := exec.LookPath("chromium"); err != nil && os.Getenv("CI") == "" {
		t.Skip("no chromium: the browser test is skipped")
	}
	s := startServe(t)
	u, tab := newUI(t, s.base)
	downloads := t.TempDir()

	// Home, signed in by the address the first run printed: the token leaves the
	// address bar; the counties with a positioning link to their pages.
	u.do("sign-in address", chromedp.Navigate(s.base+"/?token="+url.QueryEscape(s.token)))
	u.waitJS("home", `!!document.querySelector('.county-grid a[href="/counties/331122"]')`)
	if href := eval[string](u, `location.href`); strings.Contains(href, "token") {
		t.Errorf("the token stayed in the address bar: %s", href)
	}
	if who := eval[string](u, `document.querySelector("#who").textContent`); !strings.Contains(who, "admin") {
		t.Errorf("the role is not shown: %q", who)
	}
	u.shot("01-home")
	u.checkA11y("home")

	// County search by short name: 缙云 finds 缙云县.
	u.do("search", chromedp.SendKeys(chromedp.CSS("#county-q"), "缙云"))
	u.waitJS("search result", `[...document.querySelectorAll("#county-results a")].some(a => a.getAttribute("href") === "/counties/331122" && a.textContent === "缙云县")`)

	// Click through to 缙云县 and its short-distance-transport chain map.
	u.do("open 缙云县", chromedp.Click(chromedp.CSS(`.county-grid a.county-link[href="/counties/331122"]`)))
	u.waitJS("county page", `location.pathname === "/counties/331122" && !!document.querySelector("#chain-map") && document.querySelectorAll("#targets tbody tr").length > 0`)
	if q := eval[string](u, `location.search`); !strings.Contains(q, "chain=short-distance-transport") {
		t.Errorf("缙云县 opens on %q, want its first chain short-distance-transport", q)
	}
	names := eval[[]string](u, `[...document.querySelectorAll("#targets tbody tr a.target-link")].map(a => a.textContent.trim()).filter(Boolean)`)
	if len(names) < 10 {
		t.Errorf("the county page names %d targets, want at least 10", len(names))
	}
	if n := eval[int](u, `document.querySelectorAll("#chain-map g.node").length`); n < 10 {
		t.Errorf("the chain map has %d nodes", n)
	}
	chains, err := datasets.Chains()
	if err != nil {
		t.Fatal(err)
	}
	edges := 0
	for _, c := range chains {
		if c.ID == "short-distance-transport" {
			edges = len(c.Edges)
		}
	}
	if n := eval[int](u, `document.querySelectorAll("#chain-map path.edge").length`); n != edges {
		t.Errorf("the chain map draws %d supply edges, want the chain's %d", n, edges)
	}
	body := eval[string](u, `document.querySelector("#main").innerText`)
	for _, bad := range []string{"null", "undefined", "NaN", "high_tech", "foreign_funded"} {
		if strings.Contains(body, bad) {
			t.Errorf("the county page shows %q", bad)
		}
	}
	u.shot("02-county-331122")
	u.checkA11y("county")

	// Click a node of the map: the targets are filtered to it.
	node := eval[string](u, `(() => { const c = {}; for (const tr of document.querySelectorAll("#targets tbody tr")) { const n = tr.children[3].textContent; c[n] = (c[n] || 0) + 1; }
		const top = Object.entries(c).sort((a, b) => b[1] - a[1])[0][0];
		return [...document.querySelectorAll("#chain-map g.node")].find(g => g.querySelector("text.node-name").textContent === top).dataset.node; })()`)
	u.do("click node", chromedp.Click(chromedp.CSS(`#chain-map g.node[data-node="`+node+`"]`)))
	u.waitJS("node filter", `location.search.includes("node=`+node+`") && document.querySelector('#chain-map g.node.selected[data-node="`+node+`"]') !== null && document.querySelectorAll("#targets tbody tr").length > 0`)
	if cells := eval[[]string](u, `[...new Set([...document.querySelectorAll("#targets tbody tr")].map(tr => tr.children[3].textContent))]`); len(cells) != 1 {
		t.Errorf("after clicking node %s the targets are at nodes %q", node, cells)
	}
	u.shot("03-county-node-filter")

	// Where to recruit: clicking a province filters the targets to it.
	prov := eval[string](u, `document.querySelector(".where button.bar-row .bar-label").textContent`)
	u.do("click province", chromedp.Click(chromedp.CSS(`.where button.bar-row`)))
	u.waitJS("province filter", `location.search.includes("province=") && `+idle+` && document.querySelectorAll("#targets tbody tr").length > 0`)
	if places := eval[[]string](u, `[...new Set([...document.querySelectorAll("#targets tbody tr")].map(tr => tr.children[2].firstChild.textContent.split(" ")[0]))]`); len(places) != 1 || !strings.HasPrefix(places[0], prov) {
		t.Errorf("after clicking %s the targets are in %q", prov, places)
	}
	u.do("back to the node", chromedp.NavigateBack())
	u.waitJS("node again", `location.search.includes("node=`+node+`") && `+idle+` && !location.search.includes("province=") && document.querySelectorAll("#targets tbody tr").length > 0`)

	// Open a target; back returns to the filtered list.
	u.do("open target", chromedp.Click(chromedp.CSS(`#targets tbody tr:first-child a.target-link`)))
	u.waitJS("target page", `/^\/counties\/331122\/targets\//.test(location.pathname) && !!document.querySelector("table.contrib")`)
	targetPath := eval[string](u, `location.pathname + location.search`)
	u.shot("04-target")
	u.checkA11y("target")
	u.do("back", chromedp.NavigateBack())
	u.waitJS("back to the county", `location.search.includes("node=`+node+`") && `+idle+` && document.querySelectorAll("#targets tbody tr").length > 0`)

	// Save a list of exactly what is on screen, keyword included, under a name.
	u.do("keyword", chromedp.Navigate(s.base+"/counties/331122?chain=short-distance-transport&node="+node+"&q="+url.QueryEscape("有限公司")+"&limit=10"))
	u.waitJS("filtered targets", `document.querySelectorAll("#targets tbody tr").length > 0 && !!document.querySelector("#list-name")`)
	onScreen := eval[[]string](u, `[...document.querySelectorAll("#targets tbody tr a.target-link")].map(a => a.textContent.trim())`)
	u.do("name the list", chromedp.SetValue(chromedp.CSS("#list-name"), "缙云短交通 浏览器测试"), chromedp.Click(chromedp.CSS(`#save-list button[type=submit]`)))
	u.waitJS("list saved", `!!document.querySelector("#list-result a")`)
	listPath := eval[string](u, `document.querySelector("#list-result a").getAttribute("href")`)
	var list struct {
		Name    string `json:"name"`
		Filters struct {
			Node  string `json:"node"`
			Query string `json:"q"`
			Limit int    `json:"limit"`
		} `json:"filters"`
		Items []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
			Target struct {
				Enterprise struct{ Name string } `json:"enterprise"`
			} `json:"target"`
		} `json:"items"`
	}
	s.call(t, "GET", "/api/v1"+listPath, s.token, nil, 200, &list)
	var saved []string
	for _, it := range list.Items {
		saved = append(saved, it.Target.Enterprise.Name)
	}
	if list.Name != "缙云短交通 浏览器测试" || list.Filters.Node != node || list.Filters.Query != "有限公司" || list.Filters.Limit != 10 ||
		strings.Join(saved, "|") != strings.Join(onScreen, "|") {
		t.Errorf("saved list %q filters %+v items %q; on screen %q", list.Name, list.Filters, saved, onScreen)
	}

	// The list page: change a status, export XLSX and CSV.
	u.do("open the list", chromedp.Click(chromedp.CSS("#list-result a")))
	u.waitJS("list page", `location.pathname === "`+listPath+`" && document.querySelectorAll("#list-items tbody tr").length === `+fmt.Sprint(len(list.Items)))
	if f := eval[string](u, `document.querySelector("#list-filters").textContent`); !strings.Contains(f, "有限公司") {
		t.Errorf("the list page does not show its keyword: %q", f)
	}
	u.do("change status", chromedp.SetValue(chromedp.CSS(`#list-items tbody tr:first-child select.status-sel`), "contacted"),
		chromedp.SetValue(chromedp.CSS(`#list-items tbody tr:first-child input.owner`), "张三"),
		chromedp.Click(chromedp.CSS(`#list-items tbody tr:first-child button.save-item`)))
	u.waitJS("status saved", `document.querySelector("#list-items tbody tr:first-child select.status-sel").value === "contacted" && /已保存|saved/.test(document.querySelector("#list-items tbody tr:first-child").textContent)`)
	s.call(t, "GET", "/api/v1"+listPath, s.token, nil, 200, &list)
	if list.Items[0].Status != "contacted" {
		t.Errorf("status after the change: %q", list.Items[0].Status)
	}
	u.do("history", chromedp.Click(chromedp.CSS(`#list-items tbody tr:first-child details summary`)))
	u.waitJS("history", `/candidate|候选/.test(document.querySelector("#list-items tbody tr:first-child .history").textContent)`)
	u.do("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}))
	for _, format := range []string{"xlsx", "csv"} {
		u.do("export "+format, chromedp.Click(chromedp.CSS("#export-"+format)))
		u.waitJS("exported "+format, `/\.`+format+`/.test(document.querySelector("#export-out").textContent)`)
		waitFile(t, downloads, "."+format)
	}
	u.shot("05-list")
	u.checkA11y("list")
	u.do("reload the list", chromedp.Reload())
	u.waitJS("list after reload", `document.querySelectorAll("#list-items tbody tr").length > 0`)
	u.do("lists", chromedp.Navigate(s.base+"/lists"))
	u.waitJS("lists page", `[...document.querySelectorAll("#lists a")].some(a => a.getAttribute("href") === "`+listPath+`")`)
	u.shot("06-lists")
	u.checkA11y("lists")

	// The analyst's workbench: move a weight, see the order change and the diff;
	// AHP's CR; the backtest on the status just recorded, against the baselines.
	u.do("analyst", chromedp.Navigate(s.base+"/analyst?county=331122&chain=short-distance-transport"))
	u.waitJS("sandbox", `!!document.querySelector("#diff-summary") && !!document.querySelector("#ahp-cr")`)
	// A signing of the firm the model ranks 30th: the backtest lists it with
	// where it falls short of the top 20.
	var far struct {
		Targets []struct {
			Enterprise struct{ ID, Name string } `json:"enterprise"`
		} `json:"targets"`
	}
	s.call(t, "POST", "/api/v1/match", s.token, map[string]any{"county": "331122", "chain": "short-distance-transport", "limit": 30}, 200, &far)
	if len(far.Targets) < 30 {
		t.Fatalf("%d targets, want 30", len(far.Targets))
	}
	signed := far.Targets[29].Enterprise
	s.call(t, "POST", "/api/v1/outcomes", s.token, map[string]any{"county": "331122", "chain": "short-distance-transport",
		"subject_id": signed.ID, "type": "signed", "date": "2026-11"}, 201, nil)
	u.do("backtest at the baseline", chromedp.Click(chromedp.CSS("#run-eval")))
	u.waitJS("shortfalls", `[...document.querySelectorAll("#eval-below tbody tr")].some(r => r.textContent.includes(`+jsString(signed.Name)+`) && /30/.test(r.textContent))`)
	if q := eval[string](u, `document.querySelector("#eval-queries").textContent`); !strings.Contains(q, signed.Name+"（30）") {
		t.Errorf("the per-query ranks do not show %s at 30: %q", signed.Name, q)
	}
	before := eval[string](u, `document.querySelector("#sandbox-rank").textContent`)
	eval[bool](u, `(() => { const s = document.querySelector("#w-beta-proximity"); s.value = "0"; s.dispatchEvent(new Event("input", {bubbles: true}));
		const g = document.querySelector("#w-beta-gap_fit"); g.value = "1"; g.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	u.waitJS("re-rank", `document.querySelector("#sandbox-rank") && document.querySelector("#sandbox-rank").textContent !== `+jsString(before)+` && document.querySelectorAll("#sandbox-diff li").length > 0`)
	u.do("backtest", chromedp.Click(chromedp.CSS("#run-eval")))
	u.waitJS("backtest chart", `document.querySelectorAll("#eval-chart rect").length >= 20`)
	// The sliders moved: the current weights against the baseline A (default),
	// paired on the same outcomes; the signed firm moved, so some measure changed.
	against := eval[[]string](u, `[...document.querySelectorAll("#eval-against tbody tr")].map(r => r.textContent)`)
	if len(against) != 5 || !strings.Contains(eval[string](u, `document.querySelector("#eval-against").previousElementSibling.textContent`), "default") {
		t.Errorf("current weights against the baseline: %q", against)
	}
	if !slices.ContainsFunc(against, func(r string) bool { return strings.Contains(r, "+") || strings.Contains(r, "-0.") }) {
		t.Errorf("moving proximity to 0 changed no measure of the signed firm: %q", against)
	}
	// One signed firm, one query: every measure's interval is a point and a single
	// query cannot make a difference sure (p = 1), so nothing is coloured.
	versus := eval[[]string](u, `[...document.querySelectorAll("#eval-versus tbody td")].map(td => td.className + " " + td.textContent)`)
	if len(versus) != 15 {
		t.Errorf("model against the three baselines: %d cells, want 15", len(versus))
	}
	for _, c := range versus {
		if !strings.Contains(c, "p 1.000") || strings.Contains(c, "up") || strings.Contains(c, "down") {
			t.Errorf("model against a baseline on one query: %q", c)
		}
	}
	u.shot("07-analyst")
	u.checkA11y("analyst")

	// The leader's brief: ten targets by gap node, printed on at most two A4 pages.
	u.do("brief", chromedp.Navigate(s.base+"/counties/331122/brief?chain=short-distance-transport"))
	u.waitJS("brief", `document.querySelectorAll(".brief-target").length === 10`)
	u.shot("08-brief")
	u.checkA11y("brief")
	pdf, err := chromedp.Run(u.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("print the brief: %v", err)
	}
	os.WriteFile(filepath.Join(u.out, "brief.pdf"), pdf, 0o644)
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n < 1 || n > 2 {
		t.Errorf("the brief prints on %d A4 pages, want at most 2", n)
	}

	// Every address works when pasted (a fresh load), in English too.
	u.do("English", chromedp.Navigate(s.base+targetPath))
	u.waitJS("target by address", `!!document.querySelector("table.contrib")`)
	u.do("switch language", chromedp.Click(chromedp.CSS("#lang")))
	u.waitJS("English", `document.documentElement.lang === "en" && /Why it is recommended/.test(document.querySelector("#main").textContent)`)
	u.do("county in English", chromedp.Navigate(s.base+"/counties/331122?chain=short-distance-transport"))
	u.waitJS("county in English", `/Chain map and gaps/.test(document.querySelector("#main").textContent) && document.querySelectorAll("#targets tbody tr").length > 0`)
	en := eval[string](u, `document.querySelector("#chain-map").textContent + document.querySelector("#targets thead").textContent + document.querySelector(".county-head").textContent`)
	if strings.Contains(en, "上游") || strings.Contains(en, "补链环节") || strings.Contains(en, "产业定位") {
		t.Errorf("the English county page has Chinese labels: %.300s", en)
	}
	u.shot("09-county-en")
	u.checkA11y("county (English)")
	u.do("back to Chinese", chromedp.Click(chromedp.CSS("#lang")))

	// A county without a positioning or channels says so, never "null".
	u.do("plain county", chromedp.Navigate(s.base+"/counties/110101"))
	u.waitJS("plain county", `!!document.querySelector("#chain-map") && document.querySelectorAll(".county-head p.muted").length === 2`)
	if body := eval[string](u, `document.querySelector("#main").innerText`); strings.Contains(body, "null") || strings.Contains(body, "undefined") {
		t.Errorf("东城区's page shows null or undefined")
	}

	// At 390 px the county page fits the width.
	u.do("narrow", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1)), chromedp.Navigate(s.base+"/counties/331122?chain=short-distance-transport"))
	u.waitJS("narrow county", `document.querySelectorAll("#targets tbody tr").length > 0`)
	if w := eval[int](u, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("at 390 px the county page is %d px wide", w)
	}
	u.shot("10-county-390px")
	u.checkA11y("county at 390 px")

	// A new tab without the token asks for it, and the field signs in.
	u.ctx = tab()
	u.do("new tab", chromedp.Navigate(s.base+"/lists"))
	u.waitJS("sign-in field", `!!document.querySelector("#token")`)
	u.shot("11-sign-in")
	u.checkA11y("sign-in")
	u.do("sign in", chromedp.SendKeys(chromedp.CSS("#token"), s.token), chromedp.Submit(chromedp.CSS("#token")))
	u.waitJS("signed in", `/admin/.test(document.querySelector("#who").textContent) && !!document.querySelector("#lists")`)

	if errs := u.errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// idle is true when the page has drawn the view of its address (the UI marks
// #main aria-busy while it loads one).
const idle = `!document.querySelector("#main[aria-busy]")`

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitFile waits for a finished download with the extension in dir.
func waitFile(t *testing.T, dir, ext string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil && fi.Size() > 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			names, _ := filepath.Glob(filepath.Join(dir, "*"))
			t.Fatalf("no %s download in %s: %q", ext, dir, names)
		}
	}
}
