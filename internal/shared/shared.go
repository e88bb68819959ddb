// Package shared owns how tests reach the real public data in ../shared, the
// folder beside the repository (read-only; never copied into the project): the
// rule is that a test skips only when the whole folder is absent (a checkout
// without it), and fails when the folder is there but a file it names is not (CI
// has it, so there the test must run).
package shared

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns ../shared relative to the module root (the nearest folder above the
// working directory holding go.mod) and whether it exists.
func Dir() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(d, "..", "shared")
			st, err := os.Stat(p)
			return p, err == nil && st.IsDir()
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// File returns the path of the file or folder parts name under ../shared. It
// skips tb when ../shared is absent and fails tb when ../shared is there but the
// path is not.
func File(tb testing.TB, parts ...string) string {
	tb.Helper()
	dir, ok := Dir()
	if !ok {
		tb.Skip("../shared is absent: the real public data is not here")
	}
	p := filepath.Join(append([]string{dir}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("../shared is present but %s is not: %v", filepath.Join(parts...), err)
	}
	return p
}

// CSV reads the CSV file parts name under ../shared (File's rules apply) and
// returns its rows, the header first.
func CSV(tb testing.TB, parts ...string) [][]string {
	tb.Helper()
	f, err := os.Open(File(tb, parts...))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", filepath.Join(parts...), err)
	}
	return rows
}
