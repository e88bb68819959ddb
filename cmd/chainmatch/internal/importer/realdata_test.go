package importer

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/internal/shared"
)

// sharedFile is a file of ../shared (the real public data; see package shared for
// when that is a skip); -short skips too.
func sharedFile(t *testing.T, parts ...string) string {
	t.Helper()
	p := shared.File(t, parts...)
	if testing.Short() {
		t.Skip("short")
	}
	return p
}

// TestImportRealListsMerge imports the A-share list (CSV) and the technology-company
// list (one JSON array) without a column flag: each is read by its preset, 香港 and
// 澳门 are placed, and a firm present in both lists is one record (比亚迪 in the
// A-share list, BYD Company Limited / 深圳市比亚迪股份有限公司 in the other; 中科创达
// twice in the technology list and once in the A-share list).
func TestImportRealListsMerge(t *testing.T) {
	ashare := sharedFile(t, "data-candidates", "enterprises", "a-share-stock_basic-2026-03.csv")
	tech := sharedFile(t, "data-candidates", "enterprises", "standup-coder-companies.json")
	ctx := context.Background()
	deps, st := testDeps(t)
	opts := Options{RejectsDir: t.TempDir()}
	for _, c := range []struct{ file, preset string }{{ashare, "tushare-stock-basic"}, {tech, "tech-companies"}} {
		sum, err := Run(ctx, deps, opts, []string{c.file})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: preset %s, read %d, accepted %d, updated %d, duplicates %d, rejected %d, warnings %d",
			filepath.Base(c.file), sum.Preset, sum.Read, sum.Accepted, sum.Updated, sum.Duplicates, sum.Rejected, sum.Warnings)
		if sum.Preset != c.preset || sum.Rejected != 0 || sum.Read < 4000 {
			t.Fatalf("%s: summary %+v", c.file, sum)
		}
	}
	var byd, zkcd []*chainmatch.Enterprise
	hk, mo, delisted := 0, 0, 0
	err := st.Enterprises(ctx, func(_ int64, e *chainmatch.Enterprise) error {
		switch {
		case e.Ticker == "002594" && e.Exchange == "SZ" || e.NameEN == "BYD Company Limited":
			byd = append(byd, e)
		case e.Ticker == "300496" && e.City == "110100":
			zkcd = append(zkcd, e)
		}
		switch e.Province {
		case "81":
			hk++
		case "82":
			mo++
		}
		for _, r := range e.Risks {
			if r.Type == chainmatch.RiskDelisted {
				delisted++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(byd) != 1 {
		t.Fatalf("BYD is %d records, want one: %+v", len(byd), byd)
	}
	b := byd[0]
	if b.Name != "深圳市比亚迪股份有限公司" || b.NameEN != "BYD Company Limited" || !hasAlias(b, "比亚迪") || b.City != "440300" {
		t.Errorf("BYD merged as %q (%q) aliases %v city %s", b.Name, b.NameEN, b.Aliases, b.City)
	}
	if b.Provenance["province"].Source != "Tushare stock_basic" || b.Provenance["scope"].Source != "standup-coder-companies.json" {
		t.Errorf("BYD provenance %+v, want province from Tushare and scope from the technology list", b.Provenance)
	}
	if len(zkcd) != 1 || !hasAlias(zkcd[0], "中科创达") {
		t.Errorf("中科创达 in Beijing is %d records, want one with the alias 中科创达: %+v", len(zkcd), zkcd)
	}
	if hk == 0 || mo == 0 {
		t.Errorf("placed %d records in 香港 and %d in 澳门, want some of each", hk, mo)
	}
	if delisted < 300 {
		t.Errorf("%d delisted risks, want one per status D row (320)", delisted)
	}
	// The eval's lookup: a short name finds the registered name and back.
	for _, name := range []string{"比亚迪", "比亚迪股份有限公司", "BYD Company Limited"} {
		recs, err := st.EnterprisesByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if !containsRecord(recs, b.ID) {
			t.Errorf("EnterprisesByName(%q) = %d records without BYD", name, len(recs))
		}
	}
}

// TestImportDevPoolPlaces imports the development pool: 香港 and 澳门 give no
// warning, and a listed firm's short name from the A-share list finds its
// registered name from the technology list, which begins with its place and
// carries no alias there (华东医药, 杭州华东医药股份有限公司).
func TestImportDevPoolPlaces(t *testing.T) {
	pool := sharedFile(t, "eval-dev", "pool.jsonl")
	ctx := context.Background()
	deps, st := testDeps(t)
	opts := Options{RejectsDir: t.TempDir()}
	sum, err := Run(ctx, deps, opts, []string{pool})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pool: read %d, accepted %d, updated %d, duplicates %d, rejected %d, warnings %d", sum.Read, sum.Accepted, sum.Updated, sum.Duplicates, sum.Rejected, sum.Warnings)
	for _, f := range sum.Files {
		for _, w := range f.FirstWarnings {
			t.Errorf("warning line %d %s %q: %s", w.Line, w.Field, w.Value, w.Reason)
		}
	}
	if sum.Rejected != 0 || sum.Accepted+sum.Duplicates != sum.Read {
		t.Errorf("summary %+v", sum)
	}
	for short, full := range map[string]string{"华东医药": "杭州华东医药股份有限公司", "京能电力": "北京京能电力股份有限公司", "仙琚制药": "杭州仙琚制药股份有限公司"} {
		recs, err := st.EnterprisesByName(ctx, short)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Enterprise.Name != full || recs[0].Enterprise.Ticker == "" {
			t.Errorf("%s finds %d records, want one: %s with its ticker", short, len(recs), full)
		}
	}
	again, err := Run(ctx, deps, opts, []string{pool})
	if err != nil {
		t.Fatal(err)
	}
	if again.Accepted != 0 || again.Updated != 0 {
		t.Errorf("re-import changed records: %+v", again)
	}
}

func hasAlias(e *chainmatch.Enterprise, a string) bool {
	for _, x := range e.Aliases {
		if x == a {
			return true
		}
	}
	return false
}

func containsRecord(recs []store.EnterpriseRecord, id string) bool {
	for _, r := range recs {
		if r.Enterprise.ID == id {
			return true
		}
	}
	return false
}
