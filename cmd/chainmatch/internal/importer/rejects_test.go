package importer

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestReadRejects reads back the rejects file of a real two-file run: the header
// row of each file is skipped, each row keeps its file, line, field, reason and
// cells, and max bounds what is returned.
func TestReadRejects(t *testing.T) {
	deps, _ := testDeps(t)
	dir := t.TempDir()
	one := writeFile(t, dir, "one.csv", "企业名称,所属区县,注册资本\n无名,缙云县,1\n,缙云县,1\n")
	two := writeFile(t, dir, "two.jsonl", `{"name":"乙","county":"331122"}`+"\n"+`{"county":"331122"}`+"\n")
	sum, err := Run(context.Background(), deps, Options{RejectsDir: filepath.Join(dir, "rejects")}, []string{one, two})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 2 {
		t.Fatalf("summary %+v", sum)
	}
	first := RejectedRow{File: "one.csv", Line: 3, Field: "name", Row: []string{"", "缙云县", "1"}}
	second := RejectedRow{File: "two.jsonl", Line: 2, Field: "name", Row: []string{`{"county":"331122"}`}}
	cases := []struct {
		name string
		path string
		max  int
		want []RejectedRow
	}{
		{"all", sum.RejectsFile, 10, []RejectedRow{first, second}},
		{"bounded", sum.RejectsFile, 1, []RejectedRow{first}},
		{"no file: nothing rejected", "", 10, []RejectedRow{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadRejects(tc.path, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i, w := range tc.want {
				g := got[i]
				if filepath.Base(g.File) != w.File || g.Line != w.Line || g.Field != w.Field || g.Reason == "" || !slices.Equal(g.Row, w.Row) {
					t.Errorf("row %d: got %+v, want %+v (any reason)", i, g, w)
				}
			}
		})
	}
	if _, err := ReadRejects(filepath.Join(dir, "missing.csv"), 10); err == nil {
		t.Error("a missing rejects file named by a summary is an error")
	}
}
