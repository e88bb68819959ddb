package index

import (
	"context"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// FuzzSearchText feeds arbitrary user text through the expansion and the
// query builder into a real index: no panic, no error, hits are real records.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"电动车", "e-bike", "锂电池 正极", "ｗａｆｅｒ", "电池回收", "  ", "\x00", "a-b-c-", "中成药，晶圆；TCM"} {
		f.Add(s)
	}
	ix, _ := buildTest(f, testCorpus(), 1)
	valid := map[string]bool{}
	for _, d := range testCorpus() {
		kind := d.Kind
		if kind == "" {
			kind = chainmatch.KindEnterprise
		}
		valid[docID(kind, d.Seq)] = true
	}
	f.Fuzz(func(t *testing.T, text string) {
		res, err := ix.Search(context.Background(), Query{Text: text, Limit: 50})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		for _, h := range res.Hits {
			if !valid[docID(h.Kind, h.Seq)] {
				t.Fatalf("%q: hit %v is no record", text, h)
			}
		}
	})
}
