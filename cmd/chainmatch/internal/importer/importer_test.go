package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/read"
	"github.com/chainmatch/chainmatch/match"
)

// usccOf builds a valid USCC registered in division div with organisation code org.
func usccOf(div, org string) string {
	body := "91" + div + org + string(chainmatch.OrgCodeCheck(org))
	return body + string(chainmatch.USCCCheck(body))
}

func testDeps(t testing.TB) (Deps, *store.Store) {
	t.Helper()
	ctx := context.Background()
	chains, err := datasets.Chains()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := datasets.LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return Deps{Store: st, Tagger: match.NewTagger(chains), Locate: read.RegionsLocator(regions), Place: read.RegionsPlace(regions)}, st
}

// dump is a canonical text of every stored record with its seq.
func dump(t testing.TB, st *store.Store) string {
	t.Helper()
	var b strings.Builder
	ctx := context.Background()
	err := st.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error {
		j, err := json.Marshal(e)
		fmt.Fprintf(&b, "e %d %s\n", seq, j)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Talents(ctx, func(seq int64, tl *chainmatch.Talent) error {
		j, err := json.Marshal(tl)
		fmt.Fprintf(&b, "t %d %s\n", seq, j)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportCountsDuplicatesAndReimport(t *testing.T) {
	ctx := context.Background()
	deps, st := testDeps(t)
	dir := t.TempDir()
	a, c := usccOf("331122", "MA2ABCDE"), usccOf("440305", "MA5FKQ1Y")
	file := writeFile(t, dir, "firms.csv", "企业名称,统一社会信用代码,注册资本,所属区县,经营范围,经营状态\n"+
		"缙云甲电动车有限公司,"+a+",5000万,缙云县,电动自行车制造,存续\n"+
		"乙机械有限公司,,100,缙云县,通用机械设备制造,存续\n"+
		"深圳丙半导体有限公司,"+c+",1.2亿,南山区,集成电路设计,存续\n"+
		"缙云甲电动车有限公司,"+strings.ToLower(a)+",6000万,缙云县,电动自行车制造,存续\n"+ // same USCC: wins over line 2
		"错码公司,91331122MA2ABCDEXA,1,缙云县,,存续\n"+
		"注销公司,,1,缙云县,,注销\n")
	opts := Options{RejectsDir: filepath.Join(dir, "rejects")}
	sum, err := Run(ctx, deps, opts, []string{file})
	if err != nil {
		t.Fatal(err)
	}
	// 注销公司 is kept, with a deregistered risk the ranker reads.
	want := Summary{Read: 6, Accepted: 4, Rejected: 1, Duplicates: 1}
	if sum.Read != want.Read || sum.Accepted != want.Accepted || sum.Updated != 0 || sum.Rejected != want.Rejected ||
		sum.Duplicates != want.Duplicates || sum.RejectedBy[read.RejectUSCC] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	e, _, err := st.Enterprise(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if *e.RegisteredCapitalWan != 6000 {
		t.Errorf("capital %v: the last row of a duplicate should win", *e.RegisteredCapitalWan)
	}
	if len(e.NodeTags) == 0 || e.NodeTags[0].Chain != "short-distance-transport" {
		t.Errorf("node tags %+v, want short-distance-transport first", e.NodeTags)
	}
	gen := sum.Generation
	before := dump(t, st)

	// The rejects file: UTF-8 BOM, header, and each rejected row as it was.
	raw, err := os.ReadFile(sum.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\uFEFF")) {
		t.Error("rejects file has no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || strings.Join(recs[0][:5], ",") != "file,line,field,reason,企业名称" ||
		recs[1][1] != "6" || recs[1][2] != "uscc" || recs[1][5] != "91331122MA2ABCDEXA" {
		t.Errorf("rejects file:\n%q", recs)
	}

	// Again: nothing new, nothing changed, the generation stays.
	sum2, err := Run(ctx, deps, opts, []string{file})
	if err != nil {
		t.Fatal(err)
	}
	if sum2.Accepted != 0 || sum2.Updated != 0 || sum2.Unchanged != 4 || sum2.Generation != gen {
		t.Errorf("re-import: %+v (generation before %d)", sum2, gen)
	}
	if after := dump(t, st); after != before {
		t.Errorf("re-import changed the database:\n%s\nwas\n%s", after, before)
	}

	// A dry run of a changed file says what would change and stores nothing.
	changed := writeFile(t, dir, "changed.jsonl", `{"name":"乙机械有限公司","county":"331122","scope":"通用机械设备制造","registered_capital_wan":200}`+"\n"+
		`{"name":"新公司","county":"331122"}`+"\n")
	sum3, err := Run(ctx, deps, Options{DryRun: true, RejectsDir: opts.RejectsDir}, []string{changed})
	if err != nil {
		t.Fatal(err)
	}
	if sum3.Accepted != 1 || sum3.Updated != 1 || sum3.Generation != gen || dump(t, st) != before {
		t.Errorf("dry run: %+v", sum3)
	}
	sum4, err := Run(ctx, deps, opts, []string{changed})
	if err != nil {
		t.Fatal(err)
	}
	if sum4.Accepted != 1 || sum4.Updated != 1 || sum4.Generation != gen+1 {
		t.Errorf("import of changes: %+v", sum4)
	}
}

// TestImportTwoFilesWithRepeats imports two files in one run, each with a repeated
// record and a rejected row: the single pass over each is rolled back (database
// and rejects file) and redone in two passes, so every rejected row is written once.
func TestImportTwoFilesWithRepeats(t *testing.T) {
	ctx := context.Background()
	deps, _ := testDeps(t)
	dir := t.TempDir()
	one := writeFile(t, dir, "one.csv", "企业名称,所属区县,注册资本\n无名,缙云县,x\n甲,缙云县,1\n,缙云县,1\n甲,缙云县,2\n")
	two := writeFile(t, dir, "two.jsonl", `{"name":"乙","county":"331122"}`+"\n"+`{"county":"331122"}`+"\n"+`{"name":"乙","county":"331122","employees":"很多"}`+"\n")
	sum, err := Run(ctx, deps, Options{RejectsDir: dir}, []string{one, two})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 7 || sum.Accepted != 3 || sum.Duplicates != 2 || sum.Rejected != 2 || sum.Warnings != 2 {
		t.Fatalf("summary %+v", sum)
	}
	raw, err := os.ReadFile(sum.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF"))))
	cr.FieldsPerRecord = -1 // each file's section has its own columns
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// A header and a row per file.
	if len(recs) != 4 || recs[1][1] != "4" || recs[3][1] != "2" || recs[3][4] != `{"county":"331122"}` {
		t.Errorf("rejects file %q", recs)
	}
	w, err := os.ReadFile(sum.WarningsFile)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(w, []byte("\n")); n != 3 {
		t.Errorf("warnings file has %d lines, want a header and 2:\n%s", n, w)
	}
}

// TestImportFailedFileLeavesNoRejects: a file that fails part-way stores nothing,
// so its rejected rows and warnings leave the rejects and warnings files too;
// the earlier file's stay.
func TestImportFailedFileLeavesNoRejects(t *testing.T) {
	ctx := context.Background()
	deps, st := testDeps(t)
	dir := t.TempDir()
	one := writeFile(t, dir, "one.jsonl", `{"name":"甲","county":"331122"}`+"\n"+`{"county":"331122"}`+"\n")
	// A rejected row, a warning, then a line longer than the reader takes.
	long := `{"name":"丙","scope":"` + strings.Repeat("电", 6<<20) + `"}`
	two := writeFile(t, dir, "two.jsonl", `{"county":"331122"}`+"\n"+`{"name":"乙","county":"331122","employees":"很多"}`+"\n"+long+"\n")
	sum, err := Run(ctx, deps, Options{RejectsDir: dir}, []string{one, two})
	if err == nil || !strings.Contains(err.Error(), "two.jsonl") {
		t.Fatalf("import of a file with an over-long line: %v", err)
	}
	if sum.Accepted != 1 || sum.Rejected != 1 || sum.Warnings != 0 || len(sum.Files) != 1 {
		t.Errorf("summary %+v", sum)
	}
	raw, err := os.ReadFile(sum.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("two.jsonl")) || bytes.Count(raw, []byte("\n")) != 2 {
		t.Errorf("rejects file holds rows of the failed file:\n%s", raw)
	}
	if sum.WarningsFile != "" {
		t.Errorf("warnings file %s for a file that stored nothing", sum.WarningsFile)
	}
	if ws, _ := filepath.Glob(filepath.Join(dir, "*.warnings.csv")); len(ws) != 0 {
		t.Errorf("warnings files left: %v", ws)
	}
	if n, _, _ := st.Counts(ctx); n != 1 {
		t.Errorf("%d enterprises stored, want 1", n)
	}
	// A name is for one file (an upload): given with two, nothing starts.
	if _, err := Run(ctx, deps, Options{RejectsDir: dir, Name: "名单.jsonl"}, []string{one, one}); err == nil {
		t.Error("a name for two files was taken")
	}
}

// TestImportLongFileName: a file whose name is as long as a file system allows
// (83 Chinese characters, 253 bytes with ".csv") imports, its rejects file
// named with the name cut short.
func TestImportLongFileName(t *testing.T) {
	deps, _ := testDeps(t)
	dir := t.TempDir()
	f := writeFile(t, dir, strings.Repeat("名", 83)+".csv", "企业名称,所属区县\n甲,缙云县\n,缙云县\n")
	sum, err := Run(context.Background(), deps, Options{RejectsDir: dir}, []string{f})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Accepted != 1 || sum.Rejected != 1 || !strings.HasPrefix(filepath.Base(sum.RejectsFile), strings.Repeat("名", 40)+"-") {
		t.Errorf("summary %+v", sum)
	}
}

// TestImportSameFirmWithAndWithoutUSCC: a row without a USCC names the same firm
// at the same place as a row with one, which the store would merge. The rows form
// one group, the last wins, and importing the file again changes nothing.
func TestImportSameFirmWithAndWithoutUSCC(t *testing.T) {
	ctx := context.Background()
	a := usccOf("331122", "MA2ABCDE")
	for _, tc := range []struct{ name, rows string }{
		{"uscc first", "缙云甲有限公司," + a + ",缙云县,1\n缙云甲有限公司,,缙云县,2\n"},
		{"uscc last", "缙云甲有限公司,,缙云县,1\n缙云甲有限公司," + a + ",缙云县,2\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			deps, st := testDeps(t)
			dir := t.TempDir()
			file := writeFile(t, dir, "f.csv", "企业名称,统一社会信用代码,所属区县,注册资本\n乙有限公司,,缙云县,5\n"+tc.rows)
			sum, err := Run(ctx, deps, Options{RejectsDir: dir}, []string{file})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Accepted != 2 || sum.Duplicates != 1 || sum.Updated != 0 {
				t.Fatalf("first import %+v", sum)
			}
			before := dump(t, st)
			if !strings.Contains(before, `"registered_capital_wan":2`) {
				t.Errorf("the last row did not win:\n%s", before)
			}
			again, err := Run(ctx, deps, Options{RejectsDir: dir}, []string{file})
			if err != nil {
				t.Fatal(err)
			}
			if again.Accepted != 0 || again.Updated != 0 || again.Unchanged != 2 || again.Generation != sum.Generation || dump(t, st) != before {
				t.Errorf("re-import %+v (generation was %d)", again, sum.Generation)
			}
		})
	}
}

// TestImportWithoutStore runs the pipeline with no database (a dry run that only
// parses and tags), with a repeat after a rejected row.
func TestImportWithoutStore(t *testing.T) {
	deps, _ := testDeps(t)
	deps.Store = nil
	dir := t.TempDir()
	file := writeFile(t, dir, "f.csv", "企业名称,所属区县\n,缙云县\n甲,缙云县\n乙,缙云县\n甲,缙云县\n")
	sum, err := Run(context.Background(), deps, Options{DryRun: true, RejectsDir: dir}, []string{file})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 4 || sum.Accepted != 2 || sum.Duplicates != 1 || sum.Rejected != 1 {
		t.Errorf("summary %+v", sum)
	}
	if _, err := Run(context.Background(), deps, Options{RejectsDir: dir}, []string{file}); err == nil {
		t.Error("an import without a store that is not a dry run gave no error")
	}
}
