package importer

import (
	"context"
	"sort"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/internal/shared"
)

// TestImportAShareList imports the real A-share stock list (Tushare stock_basic,
// March 2026) from the shared data candidates when present: ts_code → ticker and
// exchange and the listed tag, area (a province short name, or 深圳) → province,
// industry → industry label, list_date and symbol kept as extra, status L/D/P →
// listed or delisted. It logs how many enterprises were tagged to each chain.
func TestImportAShareList(t *testing.T) {
	path := shared.File(t, "data-candidates", "enterprises", "a-share-stock_basic-2026-03.csv")
	if testing.Short() {
		t.Skip("short")
	}
	ctx := context.Background()
	deps, st := testDeps(t)
	opts := Options{
		RejectsDir: t.TempDir(),
		Rename:     map[string]string{"area": "province", "status": "listing_status"},
	}
	sum, err := Run(ctx, deps, opts, []string{path})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("read %d, accepted %d, rejected %d %v, duplicates %d, warnings %d", sum.Read, sum.Accepted, sum.Rejected, sum.RejectedBy, sum.Duplicates, sum.Warnings)
	if sum.Read < 5000 || sum.Rejected != 0 || sum.Accepted+sum.Duplicates != sum.Read {
		t.Fatalf("summary %+v", sum)
	}
	perChain := map[string]int{}
	var tagged, listed, withProvince, n int
	err = st.Enterprises(ctx, func(_ int64, e *chainmatch.Enterprise) error {
		n++
		if e.HasTag(chainmatch.TagListed) {
			listed++
		}
		if e.Province != "" {
			withProvince++
		}
		seen := map[string]bool{}
		for _, nt := range e.NodeTags {
			if !seen[nt.Chain] {
				seen[nt.Chain] = true
				perChain[nt.Chain]++
			}
		}
		if len(seen) > 0 {
			tagged++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	chains := make([]string, 0, len(perChain))
	for c := range perChain {
		chains = append(chains, c)
	}
	sort.Slice(chains, func(i, j int) bool { return perChain[chains[i]] > perChain[chains[j]] })
	for _, c := range chains {
		t.Logf("chain %-26s %5d enterprises", c, perChain[c])
	}
	t.Logf("%d enterprises, %d tagged to a chain, %d listed (others delisted), %d with a province", n, tagged, listed, withProvince)
	if perChain["semiconductor"] == 0 || perChain["biomedicine"] == 0 || perChain["auto-parts"] == 0 {
		t.Errorf("industry labels such as 半导体, 化学制药, 汽车配件 tagged nothing: %v", perChain)
	}
	// 320 rows have no area; every other area is a province short name or 深圳.
	if withProvince < n-400 {
		t.Errorf("only %d of %d enterprises placed in a province", withProvince, n)
	}
}
