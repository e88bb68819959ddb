package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPages: every page address answers the index page (history API routing, so
// a pasted link or a reload works); the assets are served; anything else is not
// the UI's (the server sends it to the API).
func TestPages(t *testing.T) {
	h := Handler()
	cases := []struct {
		path   string
		page   bool
		status int
		want   string // in the body
	}{
		{"/", true, 200, `<main id="main"`},
		{"/counties/331122", true, 200, `<main id="main"`},
		{"/counties/331100-edz/", true, 200, `<main id="main"`},
		{"/counties/331122/targets/91330602MAKA3TCY2Y", true, 200, `<main id="main"`},
		{"/counties/331122/brief", true, 200, `<main id="main"`},
		{"/cities/3311", true, 200, `<main id="main"`},
		{"/analyst", true, 200, `<main id="main"`},
		{"/lists", true, 200, `<main id="main"`},
		{"/lists/l-0123456789abcdef", true, 200, `<main id="main"`},
		{"/assets/app.js", true, 200, "function render"},
		{"/assets/style.css", true, 200, "@media print"},
		{"/api/v1/chains", false, 404, ""},
		{"/counties/331122/gaps", false, 404, ""},
		{"/healthz", false, 404, ""},
		{"/lists/a/b", false, 404, ""},
		{"/cities/3311/counties", false, 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			if got := IsPage(tc.path); got != tc.page {
				t.Errorf("IsPage = %v, want %v", got, tc.page)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.path, nil))
			body, _ := io.ReadAll(w.Result().Body)
			if w.Code != tc.status || !strings.Contains(string(body), tc.want) {
				t.Errorf("GET %s: %d, body %.120q", tc.path, w.Code, body)
			}
		})
	}
}

// TestNoCDN: the UI loads nothing from another origin (no chart or font CDN).
func TestNoCDN(t *testing.T) {
	for _, name := range []string{"static/index.html", "static/app.js", "static/style.css"} {
		b, err := static.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// The SVG namespace is a name, not a place the page loads from.
		text := strings.ReplaceAll(string(b), "http://www.w3.org/2000/svg", "")
		for _, bad := range []string{"https://", "http://", "//cdn"} {
			if i := strings.Index(text, bad); i >= 0 {
				t.Errorf("%s refers to another origin: %.80q", name, text[i:])
			}
		}
	}
}

// TestSite: the site handler gives the UI's pages and files to the UI and every
// other request, including a POST to a page address, to the API.
func TestSite(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "api") })
	h := Site(api)
	cases := []struct {
		method, path string
		api          bool
	}{
		{http.MethodGet, "/", false},
		{http.MethodHead, "/counties/331122", false},
		{http.MethodGet, "/assets/app.js", false},
		{http.MethodGet, "/api/v1/chains", true},
		{http.MethodGet, "/healthz", true},
		{http.MethodPost, "/", true},
		{http.MethodPost, "/api/v1/import", true},
	}
	for _, tc := range cases {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		if got := w.Body.String() == "api"; got != tc.api {
			t.Errorf("%s %s: to the API %v, want %v (status %d)", tc.method, tc.path, got, tc.api, w.Code)
		}
	}
}
