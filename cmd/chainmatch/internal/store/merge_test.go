package store

import (
	"context"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// TestMergeAcrossSources: a firm from two sources is one record (by ticker, else
// by a name, alias or name core at a place that agrees), each field with its
// source; a namesake elsewhere stays apart; EnterprisesByName finds the record by
// its registered name, short name, English name and the core of a registered name.
func TestMergeAcrossSources(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	upsert := func(es ...*chainmatch.Enterprise) []UpsertResult {
		t.Helper()
		var out []UpsertResult
		err := s.Import(ctx, func(tx *ImportTx) error {
			for _, e := range es {
				r, err := tx.UpsertEnterprise(ctx, e)
				if err != nil {
					return err
				}
				out = append(out, r)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	ashare := func() []*chainmatch.Enterprise {
		return []*chainmatch.Enterprise{
			{Name: "比亚迪", Province: "44", City: "440300", Industry: "汽车整车", Exchange: "SZ", Ticker: "002594", Tags: []chainmatch.Tag{"listed"}, Source: "Tushare"},
			{Name: "美的集团", Province: "44", Industry: "家用电器", Exchange: "SZ", Ticker: "000333", Source: "Tushare"},
			{Name: "长城", Province: "13", Source: "Tushare"},
		}
	}
	tech := func() []*chainmatch.Enterprise {
		return []*chainmatch.Enterprise{
			{Name: "BYD Company Limited", Aliases: []string{"比亚迪"}, City: "440300", Province: "44", Scope: "动力电池、电动汽车", Exchange: "SZ", Ticker: "002594", Source: "tech"},
			{Name: "美的集团股份有限公司", Province: "44", City: "440600", Scope: "家用电器制造", Source: "tech"},
			{Name: "长城", Province: "11", Scope: "计算机", Source: "tech"}, // a namesake in another province
		}
	}
	upsert(ashare()...)
	rs := upsert(tech()...)
	if rs[0].Change != Updated || rs[1].Change != Updated || rs[2].Change != Created {
		t.Fatalf("changes %v %v %v, want updated, updated, created", rs[0].Change, rs[1].Change, rs[2].Change)
	}
	byd, _, err := s.Enterprise(ctx, rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if byd.Name != "比亚迪" || byd.NameEN != "BYD Company Limited" || byd.Industry != "汽车整车" || byd.Scope != "动力电池、电动汽车" ||
		byd.Provenance["industry"].Source != "Tushare" || byd.Provenance["scope"].Source != "tech" || byd.Source != "Tushare; tech" {
		t.Errorf("merged BYD %+v", byd)
	}
	// Both sources again, in the other order: nothing changes.
	for _, batch := range [][]*chainmatch.Enterprise{tech(), ashare()} {
		for i, r := range upsert(batch...) {
			if r.Change != Unchanged {
				t.Errorf("re-import row %d: %v", i, r.Change)
			}
		}
	}
	n, _, err := s.Counts(ctx)
	if err != nil || n != 4 {
		t.Fatalf("%d records (%v), want 4", n, err)
	}
	for _, c := range []struct {
		name string
		want int
	}{{"比亚迪", 1}, {"BYD Company Limited", 1}, {"byd company limited", 1}, {"美的集团", 1}, {"美的集团股份有限公司", 1},
		{"长城", 2}, {"", 0}} {
		recs, err := s.EnterprisesByName(ctx, c.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != c.want {
			t.Errorf("EnterprisesByName(%q): %d records, want %d", c.name, len(recs), c.want)
		}
	}
}
