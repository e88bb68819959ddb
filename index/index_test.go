package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/chainmatch/chainmatch"
)

func sliceNext(docs []Doc) func() (Doc, bool, error) {
	i := 0
	return func() (Doc, bool, error) {
		if i >= len(docs) {
			return Doc{}, false, nil
		}
		i++
		return docs[i-1], true, nil
	}
}

func buildTest(t testing.TB, docs []Doc, gen int64) (*Index, string) {
	return buildTestShards(t, docs, gen, 0)
}

// buildTestShards builds with the given number of shards (0: one per core).
func buildTestShards(t testing.TB, docs []Doc, gen int64, shards int) (*Index, string) {
	t.Helper()
	dir := t.TempDir()
	ix, err := Open(dir, testChains())
	if err != nil {
		t.Fatal(err)
	}
	if shards > 0 {
		ix.buildShards = shards
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Build(context.Background(), gen, sliceNext(docs)); err != nil {
		t.Fatal(err)
	}
	return ix, dir
}

// refs renders hits as e3, t1, ... for readable failures.
func refs(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = docID(h.Kind, h.Seq)
	}
	return out
}

func TestSearchText(t *testing.T) {
	ix, _ := buildTest(t, testCorpus(), 1)
	tests := []struct {
		name    string
		q       Query
		want    []string // must be found
		notWant []string // must not be found
	}{
		{"zh e-bike colloquial", Query{Text: "电动车", Kind: chainmatch.KindEnterprise}, []string{"e1", "e2"}, []string{"e12", "e13", "e14"}},
		{"zh e-bike formal", Query{Text: "电动自行车"}, []string{"e1", "e2"}, []string{"e12", "e13"}},
		{"en e-bike reaches zh", Query{Text: "e-bike"}, []string{"e1", "e2"}, []string{"e12", "e13"}},
		{"en e-bike no hyphen", Query{Text: "ebike"}, []string{"e1", "e2"}, []string{"e12"}},
		{"zh lithium reaches en", Query{Text: "锂电池"}, []string{"e4", "e5"}, []string{"e6", "e1"}},
		{"en lithium reaches zh", Query{Text: "lithium battery"}, []string{"e4", "e5"}, []string{"e6"}},
		{"battery negative keyword", Query{Text: "battery"}, []string{"e4", "e5"}, []string{"e6"}},
		{"literal recycling still found", Query{Text: "电池回收"}, []string{"e6"}, []string{"e4", "e5"}},
		{"zh wafer", Query{Text: "晶圆"}, []string{"e7", "e8", "e9"}, []string{"e10"}},
		{"en wafer reaches zh", Query{Text: "wafer"}, []string{"e7", "e8", "e9"}, []string{"e10", "e3"}},
		{"en plural wafers", Query{Text: "wafers"}, []string{"e7", "e9"}, []string{"e10"}},
		{"zh silicon wafer", Query{Text: "硅片"}, []string{"e8", "e7", "e9"}, []string{"e10"}},
		{"zh packaging enterprises only", Query{Text: "半导体封装", Kind: chainmatch.KindEnterprise}, []string{"e10"}, []string{"t1", "e7"}},
		{"zh packaging with talents", Query{Text: "半导体封装"}, []string{"e10", "t1"}, []string{"e7"}},
		{"talents only", Query{Text: "hub motor", Kind: chainmatch.KindTalent}, []string{"t2"}, []string{"e3"}},
		{"zh hub motor", Query{Text: "轮毂电机"}, []string{"e3", "t2"}, []string{"e1"}},
		{"en hub motor", Query{Text: "hub motor", Kind: chainmatch.KindEnterprise}, []string{"e3"}, []string{"e1", "e12"}},
		{"zh tcm reaches en", Query{Text: "中成药"}, []string{"e11", "e15"}, []string{"e14"}},
		{"en tcm reaches zh", Query{Text: "traditional chinese medicine"}, []string{"e11", "e15"}, []string{"e14"}},
		{"full-width latin", Query{Text: "ｅ－ｂｉｋｅ"}, []string{"e1", "e2"}, []string{"e12"}},
		{"two words all required", Query{Text: "电动车 锂电池"}, nil, []string{"e1", "e4", "e6"}},
		{"name search", Query{Text: "绿源"}, []string{"e1"}, []string{"e2"}},
		{"unknown word", Query{Text: "区块链"}, nil, []string{"e1", "e4"}},
		{"filter province", Query{Text: "晶圆", Province: []string{"33"}}, []string{"e7", "e8"}, []string{"e9"}},
		{"filter exclude county", Query{Chain: "semiconductor", ExcludeCounty: []string{"331102"}}, []string{"e7", "e10", "t1"}, []string{"e8"}},
		{"filter node no text", Query{Chain: "semiconductor", Node: "wafer"}, []string{"e7", "e8"}, []string{"e9", "e10"}},
		{"filter tags all", Query{Tags: []string{"listed", "leader"}}, []string{"e4"}, []string{"e10", "e1"}},
		{"filter city", Query{City: []string{"330700"}}, []string{"e3", "e12"}, []string{"e1"}},
		{"filter industry prefix", Query{Industry: "377"}, []string{"e1"}, []string{"e3"}},
		{"range capital", Query{Ranges: []Range{{Field: RangeCapitalWan, Min: ptr(10000)}}}, []string{"e1", "e4", "e7", "e8", "e10"}, []string{"e2", "e3", "e6"}},
		{"range unknown never matches", Query{Ranges: []Range{{Field: RangeRevenueWan, Min: ptr(0)}}}, []string{"e3", "e4"}, []string{"e1", "e7"}},
		{"range founded", Query{Ranges: []Range{{Field: RangeFoundedYear, Min: ptr(2010), Max: ptr(2018)}}}, []string{"e3", "e7", "e8"}, []string{"e1", "e4"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Limit = 100
			res, err := ix.Search(context.Background(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got := refs(res.Hits)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: want %s in %v", tc.q.Text, w, got)
				}
			}
			for _, w := range tc.notWant {
				if slices.Contains(got, w) {
					t.Errorf("%q: do not want %s in %v", tc.q.Text, w, got)
				}
			}
			if int(res.Total) != len(got) {
				t.Errorf("total %d, %d hits", res.Total, len(got))
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }

func TestSearchScores(t *testing.T) {
	ix, _ := buildTest(t, testCorpus(), 1)
	ctx := context.Background()
	res, err := ix.Search(ctx, Query{Text: "晶圆", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	for i, h := range res.Hits {
		if !(h.Score > 0) { // NaN too
			t.Errorf("%s: text query gave score %v", docID(h.Kind, h.Seq), h.Score)
		}
		if i > 0 && h.Score > res.Hits[i-1].Score {
			t.Errorf("hits not in score order: %v", res.Hits)
		}
	}
	// a record reached only through the other language scores below the ones
	// that name the word themselves
	if last := res.Hits[len(res.Hits)-1]; last.Seq != 9 {
		t.Errorf("want e9 (English only) last, got %v", refs(res.Hits))
	}
	res, err = ix.Search(ctx, Query{Text: "晶圆", Province: []string{"33"}, Tags: []string{"high_tech"}, ExcludeCounty: []string{"330206"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := refs(res.Hits); !slices.Equal(got, []string{"e8"}) {
		t.Errorf("filtered text query %v", got)
	}
	for _, h := range res.Hits {
		if !(h.Score > 0) {
			t.Errorf("filtered text query gave score %v", h.Score)
		}
	}
	res, err = ix.Search(ctx, Query{Chain: "semiconductor", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Score != 0 {
			t.Errorf("filter-only query gave score %v", h.Score)
		}
	}
}

func TestSearchFacetsAndPaging(t *testing.T) {
	ix, _ := buildTestShards(t, testCorpus(), 1, 3)
	res, err := ix.Search(context.Background(), Query{Kind: chainmatch.KindEnterprise, Facets: []string{FacetProvince, FacetTags, FacetNodes}, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 18 || len(res.Hits) != 5 {
		t.Fatalf("total %d hits %d, want 18 and 5", res.Total, len(res.Hits))
	}
	prov := map[string]int{}
	for _, f := range res.Facets[FacetProvince] {
		prov[f.Term] = f.Count
	}
	if prov["33"] != 12 || prov["32"] != 1 || prov["44"] != 1 {
		t.Errorf("province facet %v", res.Facets[FacetProvince])
	}
	nodes := map[string]int{}
	for _, f := range res.Facets[FacetNodes] {
		nodes[f.Term] = f.Count
	}
	if nodes["semiconductor/wafer"] != 2 {
		t.Errorf("nodes facet %v", res.Facets[FacetNodes])
	}
	// a facet of size 1 counts across every shard
	top, err := ix.Search(context.Background(), Query{Kind: chainmatch.KindEnterprise, Facets: []string{FacetProvince}, FacetSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if f := top.Facets[FacetProvince]; len(f) != 1 || f[0] != (FacetCount{Term: "33", Count: 12}) {
		t.Errorf("top province %v", f)
	}
	page2, err := ix.Search(context.Background(), Query{Kind: chainmatch.KindEnterprise, Limit: 5, Offset: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range page2.Hits {
		if slices.Contains(refs(res.Hits), docID(h.Kind, h.Seq)) {
			t.Errorf("%s on both pages", docID(h.Kind, h.Seq))
		}
	}
}

func TestSearchInvalid(t *testing.T) {
	ix, _ := buildTest(t, testCorpus(), 1)
	for _, q := range []Query{
		{Node: "wafer"},
		{Kind: "robot"},
		{Facets: []string{"name"}},
		{Ranges: []Range{{Field: "name", Min: ptr(1)}}},
	} {
		if _, err := ix.Search(context.Background(), q); !errors.Is(err, chainmatch.ErrInvalid) {
			t.Errorf("%+v: err %v, want ErrInvalid", q, err)
		}
	}
}

func TestSearchCancelled(t *testing.T) {
	ix, _ := buildTest(t, testCorpus(), 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "晶圆"}); !errors.Is(err, context.Canceled) {
		t.Errorf("search err %v, want context.Canceled", err)
	}
	if _, err := ix.NodeCandidates(ctx, "semiconductor", "wafer"); !errors.Is(err, context.Canceled) {
		t.Errorf("candidates err %v, want context.Canceled", err)
	}
}

func TestNodeCandidates(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) { testNodeCandidates(t, shards) })
	}
}

func testNodeCandidates(t *testing.T, shards int) {
	ix, _ := buildTestShards(t, testCorpus(), 1, shards)
	tests := []struct {
		name, chain, node string
		want              []uint32
	}{
		{"node", "semiconductor", "wafer", []uint32{7, 8}},
		{"whole chain", "short-distance-transport", "", []uint32{1, 3, 4}},
		{"talent excluded", "semiconductor", "packaging", []uint32{10}},
		{"unknown node", "semiconductor", "lithography", []uint32{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for round := 0; round < 2; round++ { // cold, then cached
				got, err := ix.NodeCandidates(context.Background(), tc.chain, tc.node)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("round %d: got %v, want %v", round, got, tc.want)
				}
			}
		})
	}
	if _, err := ix.Candidates(context.Background(), "", "semiconductor", ""); !errors.Is(err, chainmatch.ErrInvalid) {
		t.Errorf("empty kind: %v", err)
	}
	if _, err := ix.NodeCandidates(context.Background(), "", "wafer"); !errors.Is(err, chainmatch.ErrInvalid) {
		t.Errorf("empty chain: %v", err)
	}
	got, err := ix.Candidates(context.Background(), chainmatch.KindTalent, "semiconductor", "packaging")
	if err != nil || !slices.Equal(got, []uint32{1}) {
		t.Errorf("talent candidates %v %v", got, err)
	}
}

func TestUpdate(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) { testUpdate(t, shards) })
	}
}

func testUpdate(t *testing.T, shards int) {
	ix, _ := buildTestShards(t, testCorpus(), 1, shards)
	ctx := context.Background()
	before, _ := ix.NodeCandidates(ctx, "semiconductor", "wafer") // fill the cache
	if !slices.Equal(before, []uint32{7, 8}) {
		t.Fatalf("before %v", before)
	}
	add := Doc{Seq: 99, Name: "宁波晶圆新材料有限公司", Scope: "硅片制造", Nodes: []string{"semiconductor/wafer"}, CapitalWan: nan, Employees: nan, RevenueWan: nan}
	if err := ix.Update(ctx, 2, []Doc{add}, []Ref{{Kind: chainmatch.KindEnterprise, Seq: 7}}); err != nil {
		t.Fatal(err)
	}
	if g := ix.Generation(); g != 2 {
		t.Errorf("generation %d, want 2", g)
	}
	after, err := ix.NodeCandidates(ctx, "semiconductor", "wafer")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after, []uint32{8, 99}) {
		t.Errorf("after update %v, want [8 99] (cache must be dropped)", after)
	}
	res, err := ix.Search(ctx, Query{Text: "wafer", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	got := refs(res.Hits)
	if !slices.Contains(got, "e99") || slices.Contains(got, "e7") {
		t.Errorf("search after update %v", got)
	}
	// replacing a record moves it between nodes; deleting a missing one is fine
	moved := add
	moved.Nodes = []string{"semiconductor/packaging"}
	if err := ix.Update(ctx, 3, []Doc{moved}, []Ref{{Kind: chainmatch.KindEnterprise, Seq: 12345}}); err != nil {
		t.Fatal(err)
	}
	wafer, _ := ix.NodeCandidates(ctx, "semiconductor", "wafer")
	pack, _ := ix.NodeCandidates(ctx, "semiconductor", "packaging")
	if !slices.Equal(wafer, []uint32{8}) || !slices.Equal(pack, []uint32{10, 99}) {
		t.Errorf("after move: wafer %v packaging %v", wafer, pack)
	}
	if st := ix.Check(3); st.State != StateReady || st.Docs != uint64(len(testCorpus())) {
		t.Errorf("after updates %+v, want %d docs", st, len(testCorpus()))
	}
}

func TestOpenStates(t *testing.T) {
	ctx := context.Background()
	t.Run("missing", func(t *testing.T) {
		ix, err := Open(t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if st := ix.Check(0); st.State != StateMissing {
			t.Errorf("state %v", st)
		}
		if _, err := ix.Search(ctx, Query{Text: "x"}); !errors.Is(err, chainmatch.ErrUnavailable) {
			t.Errorf("search on missing index: %v", err)
		}
	})
	t.Run("ready then behind after reopen", func(t *testing.T) {
		ix, dir := buildTest(t, testCorpus(), 5)
		if st := ix.Check(5); st.State != StateReady || st.Docs != 20 {
			t.Errorf("state %+v", st)
		}
		ix.Close()
		ix2, err := Open(dir, testChains())
		if err != nil {
			t.Fatal(err)
		}
		if st := ix2.Check(5); st.State != StateReady || st.Generation != 5 {
			t.Errorf("reopened %+v", st)
		}
		if st := ix2.Check(7); st.State != StateBehind || st.Generation != 5 {
			t.Errorf("database ahead: %+v", st)
		}
		ix2.Close()
		// Another vocabulary: the node tags in the index are stale.
		ix3, err := Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ix3.Close()
		if st := ix3.Check(5); st.State != StateBehind || !strings.Contains(st.Reason, "vocabulary") {
			t.Errorf("reopened with other chains: %+v", st)
		}
	})
	corrupt := []struct {
		name  string
		spoil func(t *testing.T, dir, live string)
	}{
		{"meta garbage", func(t *testing.T, dir, live string) {
			os.WriteFile(filepath.Join(dir, live, metaFile), []byte("{not json"), 0o644)
		}},
		{"meta gone", func(t *testing.T, dir, live string) { os.Remove(filepath.Join(dir, live, metaFile)) }},
		{"bleve files gone", func(t *testing.T, dir, live string) {
			os.RemoveAll(filepath.Join(dir, live, "s0", "store"))
			os.Remove(filepath.Join(dir, live, "s0", "index_meta.json"))
		}},
		{"shard count wrong", func(t *testing.T, dir, live string) {
			b, _ := os.ReadFile(filepath.Join(dir, live, metaFile))
			os.WriteFile(filepath.Join(dir, live, metaFile), []byte(strings.Replace(string(b), `"shards": `, `"shards": 9`, 1)), 0o644)
		}},
		{"CURRENT names nothing", func(t *testing.T, dir, live string) {
			os.WriteFile(filepath.Join(dir, currentFile), []byte("idx-404\n"), 0o644)
		}},
		{"CURRENT escapes", func(t *testing.T, dir, live string) {
			os.WriteFile(filepath.Join(dir, currentFile), []byte("../etc\n"), 0o644)
		}},
	}
	for _, tc := range corrupt {
		t.Run("corrupt "+tc.name, func(t *testing.T) {
			ix, dir := buildTest(t, testCorpus(), 3)
			live := ix.live
			ix.Close()
			tc.spoil(t, dir, live)
			ix2, err := Open(dir, testChains())
			if err != nil {
				t.Fatal(err)
			}
			defer ix2.Close()
			st := ix2.Check(3)
			if st.State != StateCorrupt || st.Reason == "" {
				t.Fatalf("state %+v, want corrupt with a reason", st)
			}
			// the engine's answer to corrupt: rebuild, which must work in place
			if err := ix2.Build(ctx, 3, sliceNext(testCorpus())); err != nil {
				t.Fatal(err)
			}
			if st := ix2.Check(3); st.State != StateReady {
				t.Errorf("after rebuild %+v", st)
			}
			if ids, err := ix2.NodeCandidates(ctx, "semiconductor", "wafer"); err != nil || len(ids) != 2 {
				t.Errorf("after rebuild %v %v", ids, err)
			}
		})
	}
}

func TestRebuildSwap(t *testing.T) {
	ctx := context.Background()
	ix, dir := buildTest(t, testCorpus(), 1)
	first := ix.live
	// a failed build leaves the live index answering and no debris behind
	boom := errors.New("database went away")
	n := 0
	err := ix.Build(ctx, 2, func() (Doc, bool, error) {
		n++
		if n > 3 {
			return Doc{}, false, boom
		}
		return testCorpus()[n-1], true, nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("build err %v", err)
	}
	if st := ix.Check(1); st.State != StateReady || ix.live != first {
		t.Fatalf("after failed build %+v live %s", st, ix.live)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := ix.Build(cctx, 2, sliceNext(testCorpus())); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build err %v", err)
	}
	// a good build replaces the live index and removes the old one
	fewer := testCorpus()[:5]
	if err := ix.Build(ctx, 2, sliceNext(fewer)); err != nil {
		t.Fatal(err)
	}
	if st := ix.Check(2); st.State != StateReady || st.Docs != 5 {
		t.Errorf("after swap %+v", st)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if len(ents) != 2 || !slices.Contains(names, currentFile) || !slices.Contains(names, ix.live) || ix.live == first {
		t.Errorf("directory after swap: %v (live %s, first %s)", names, ix.live, first)
	}
	res, err := ix.Search(ctx, Query{Text: "晶圆"})
	if err != nil || res.Total != 0 {
		t.Errorf("old documents still found: %v %v", res, err)
	}
}

func TestDocIDRoundTrip(t *testing.T) {
	for _, kind := range []string{chainmatch.KindEnterprise, chainmatch.KindTalent} {
		for _, seq := range []uint32{0, 1, 4294967295} {
			k, s, ok := parseID(docID(kind, seq))
			if !ok || k != kind || s != seq {
				t.Errorf("%s %d: %s %d %v", kind, seq, k, s, ok)
			}
		}
	}
	for _, bad := range []string{"", "e", "x12", "e-1", "e99999999999", "t1a"} {
		if _, _, ok := parseID(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestIndustryCodes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"C3841", "C 38 384 3841"}, {"3841", "38 384 3841"}, {"", ""}, {"C", "C"},
	}
	for _, tc := range tests {
		if got := strings.Join(industryCodes(tc.in), " "); got != tc.want {
			t.Errorf("%q: %q want %q", tc.in, got, tc.want)
		}
	}
}

func TestExpanderMatch(t *testing.T) {
	x := newExpander(testChains())
	tests := []struct {
		text    string
		contain bool
		want    []string
	}{
		{"e-bike", true, []string{"short-distance-transport/e-bike"}},
		{"E Bike", true, []string{"short-distance-transport/e-bike"}},
		{"electric bikes", true, []string{"short-distance-transport/e-bike"}},
		{"锂电池正极", true, []string{"short-distance-transport/battery"}},
		{"锂电池正极", false, nil},
		{"电池片", true, nil},
		{"电池回收", true, nil},
		{"废旧电池回收", true, nil},
		{"wafers", true, []string{"semiconductor/wafer"}},
		{"ic packaging", true, []string{"semiconductor/packaging"}},
		{"TCM", true, []string{"biomedicine/tcm"}},
		{"区块链", true, nil},
		{"", true, nil},
	}
	for _, tc := range tests {
		var got []string
		for _, n := range x.match(tc.text, tc.contain) {
			got = append(got, n.id)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("match(%q, %v) = %v, want %v", tc.text, tc.contain, got, tc.want)
		}
	}
}

// TestConcurrentSearchDuringRebuild runs searches and candidate pulls while
// the index is rebuilt and updated; run with -race.
func TestConcurrentSearchDuringRebuild(t *testing.T) {
	ix, _ := buildTest(t, testCorpus(), 1)
	ctx := context.Background()
	done := make(chan struct{})
	errs := make(chan error, 4)
	for w := 0; w < 2; w++ {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				res, err := ix.Search(ctx, Query{Text: "wafer", Limit: 10})
				if err == nil && res.Total == 0 {
					err = fmt.Errorf("wafer found nothing mid-rebuild")
				}
				if err == nil {
					var ids []uint32
					ids, err = ix.NodeCandidates(ctx, "semiconductor", "wafer")
					if err == nil && len(ids) == 0 {
						err = fmt.Errorf("no wafer candidates mid-rebuild")
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for gen := int64(2); gen < 5; gen++ {
		if err := ix.Build(ctx, gen, sliceNext(testCorpus())); err != nil {
			t.Fatal(err)
		}
		if err := ix.Update(ctx, gen, []Doc{testCorpus()[6]}, nil); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for w := 0; w < 2; w++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// TestNodeTextOf: node text over a subset scores each of its records as
// NodeText over the whole node does, and returns no record outside it.
func TestNodeTextOf(t *testing.T) {
	ix, _ := buildTest(t, testCorpus(), 1)
	ctx := context.Background()
	checked := 0
	for _, ch := range testChains() {
		for k := range ch.Nodes {
			n := &ch.Nodes[k]
			all, err := ix.NodeText(ctx, ch.ID, n)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) == 0 {
				continue
			}
			want := map[uint32]float64{}
			var subset []uint32
			for i, h := range all {
				if i%2 == 0 {
					want[h.Seq] = h.Score
					subset = append(subset, h.Seq)
				}
			}
			got, err := ix.NodeTextOf(ctx, ch.ID, n, subset)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("%s/%s: %d hits, want %d", ch.ID, n.ID, len(got), len(want))
			}
			checked += len(got)
			for _, h := range got {
				if s, ok := want[h.Seq]; !ok || s != h.Score {
					t.Errorf("%s/%s: e%d scored %v, want %v (in subset %v)", ch.ID, n.ID, h.Seq, h.Score, s, ok)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no node text in the corpus")
	}
	if hits, err := ix.NodeTextOf(ctx, "semiconductor", &testChains()[0].Nodes[0], nil); err != nil || hits != nil {
		t.Errorf("no seqs: %v %v", hits, err)
	}
}

// TestScoredHits: ScoredHits finds what Search finds, with the same scores, on
// one shard and on several, for text with and without filters and for filters
// alone; Limit keeps the best scored.
func TestScoredHits(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			ix, _ := buildTestShards(t, testCorpus(), 1, shards)
			ctx := context.Background()
			checked := 0
			for _, q := range []Query{
				{Text: "电动车"}, {Text: "e-bike"}, {Text: "wafer"}, {Text: "锂电池 浙江"},
				{Kind: chainmatch.KindEnterprise, Text: "电动自行车", Chain: "short-distance-transport"},
				{Kind: chainmatch.KindEnterprise, Chain: "semiconductor"},
				{Kind: chainmatch.KindEnterprise, Text: "晶圆", Province: []string{"33", "32"}},
			} {
				q.Limit = 1000
				want, err := ix.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ix.ScoredHits(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				w := map[string]float64{}
				for _, h := range want.Hits {
					w[docID(h.Kind, h.Seq)] = h.Score
				}
				if len(got) != len(w) {
					t.Errorf("%+v: %d hits, want %d", q, len(got), len(w))
				}
				for _, h := range got {
					if s, ok := w[docID(h.Kind, h.Seq)]; !ok || s != h.Score {
						t.Errorf("%+v: %s scored %v, Search %v (found %v)", q, docID(h.Kind, h.Seq), h.Score, s, ok)
					}
				}
				checked += len(got)
				if len(want.Hits) > 1 && q.Text != "" {
					q.Limit = 1
					top, err := ix.ScoredHits(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if len(top) != 1 || top[0].Score != want.Hits[0].Score {
						t.Errorf("%+v limit 1: %v, want the best %v", q, top, want.Hits[0])
					}
				}
			}
			if checked == 0 {
				t.Fatal("no hits at all")
			}
		})
	}
}

// TestNodeTextDismax: a record's node text score is the dismax of its words'
// BM25 scores as Bleve explains them (the parts of the plain disjunction's sum,
// before coord = matched/total words), and a record naming only some of the
// node's words scores above the plain, coord-scaled score.
func TestNodeTextDismax(t *testing.T) {
	ix, _ := buildTest(t, testCorpus(), 1)
	ctx := context.Background()
	partial := 0
	for _, ch := range testChains() {
		for k := range ch.Nodes {
			n := &ch.Nodes[k]
			got, err := ix.NodeText(ctx, ch.ID, n)
			if err != nil {
				t.Fatal(err)
			}
			var words []query.Query
			for _, ws := range [][]string{n.Keywords, n.KeywordsEN, n.Contextual} {
				for _, w := range ws {
					words = append(words, ix.nodeTextMatch(w))
				}
			}
			tq := bleve.NewTermQuery(ch.ID + "/" + n.ID)
			tq.SetField(fNodes)
			kq := bleve.NewTermQuery(chainmatch.KindTalent)
			kq.SetField(fKind)
			bq := bleve.NewBooleanQuery()
			bq.AddMust(bleve.NewDisjunctionQuery(words...))
			bq.AddMustNot(kq)
			bq.AddFilter(tq)
			st, err := ix.textStats()
			if err != nil {
				t.Fatal(err)
			}
			req := bleve.NewSearchRequestOptions(bq, 100, 0, true)
			req.PreSearchData = map[string]interface{}{search.BM25PreSearchDataKey: st}
			sr, err := ix.bi.SearchInContext(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			type plain struct{ score, want float64 }
			byseq := map[uint32]plain{}
			for _, h := range sr.Hits {
				_, seq, _ := parseID(h.ID)
				// The disjunction's explanation: product of (sum of the words), coord(m/n).
				e := h.Expl
				for e != nil && !(len(e.Children) == 2 && strings.HasPrefix(e.Children[1].Message, "coord(")) {
					e = e.Children[len(e.Children)-1]
				}
				if e == nil {
					t.Fatalf("%s/%s: e%d: no coord in the explanation", ch.ID, n.ID, seq)
				}
				var best, sum float64
				for _, w := range e.Children[0].Children {
					best, sum = max(best, w.Value), sum+w.Value
				}
				byseq[seq] = plain{h.Score, best + tieBreaker*(sum-best)}
			}
			if len(got) != len(byseq) {
				t.Errorf("%s/%s: %d hits, the plain disjunction %d", ch.ID, n.ID, len(got), len(byseq))
			}
			for _, h := range got {
				p := byseq[h.Seq]
				if math.Abs(h.Score-p.want) > 1e-9*p.want {
					t.Errorf("%s/%s: e%d scored %v, want %v", ch.ID, n.ID, h.Seq, h.Score, p.want)
				}
				if h.Score > p.score*1.01 {
					partial++
				}
			}
		}
	}
	if partial == 0 {
		t.Fatal("no record scored above its coord-scaled score")
	}
}
