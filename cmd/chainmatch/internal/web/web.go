package web

import (
	"embed"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
)

//go:embed static
var static embed.FS

// AssetPrefix is where the UI's scripts, styles and vendored files are served.
const AssetPrefix = "/assets/"

// pages are the UI's addresses (history API routing): each answers the index page
// and the script draws the view the address names.
var pages = []*regexp.Regexp{
	regexp.MustCompile(`^/$`),
	regexp.MustCompile(`^/index\.html$`),
	regexp.MustCompile(`^/counties/[^/]+/?$`),
	regexp.MustCompile(`^/counties/[^/]+/targets/[^/]+/?$`),
	regexp.MustCompile(`^/counties/[^/]+/brief/?$`),
	regexp.MustCompile(`^/cities/[^/]+/?$`),
	regexp.MustCompile(`^/analyst/?$`),
	regexp.MustCompile(`^/lists/?$`),
	regexp.MustCompile(`^/lists/[^/]+/?$`),
}

// IsPage reports whether path is one of the UI's pages or files (GET only; the
// caller sends everything else to the API).
func IsPage(path string) bool {
	if strings.HasPrefix(path, AssetPrefix) {
		return true
	}
	for _, p := range pages {
		if p.MatchString(path) {
			return true
		}
	}
	return false
}

// Handler serves the UI: the files under AssetPrefix, and index.html for every
// page address.
func Handler() http.Handler {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix(strings.TrimSuffix(AssetPrefix, "/"), http.FileServer(http.FS(sub)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, AssetPrefix) {
			w.Header().Set("Cache-Control", "no-cache")
			files.ServeHTTP(w, r)
			return
		}
		if !IsPage(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Referrer-Policy", "no-referrer") // the sign-in address carries a token
		h.Set("X-Content-Type-Options", "nosniff")
		w.Write(index)
	})
}

// Site is the whole server's handler: GET and HEAD requests for the UI's pages
// and files (IsPage: /, /counties/..., /analyst, /lists/..., /assets/...) are
// the UI's, everything else goes to api. The pages are static and public; the
// API calls they make carry the user's token.
func Site(api http.Handler) http.Handler {
	ui := Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && IsPage(r.URL.Path) {
			ui.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}
