package index

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/go-ego/gse"
)

// This file compares the two candidate analysers of the text fields: Bleve's
// CJK bigrams (the chosen zh_en analyser) and a dictionary segmenter, gse, as a
// custom tokenizer (search mode when indexing, precise mode when querying).
// Run:
//
//	go test ./index -run XXX -bench AnalyzerCompare -benchtime 1x
//
// The figures are written in doc.go.

// evalQueries are queries users type, with the records of testCorpus a user
// would want for each (e-bike makers for 电动车 whatever language they wrote in).
var evalQueries = []struct {
	text     string
	relevant []string
}{
	{"电动车", []string{"e1", "e2"}},
	{"电动自行车", []string{"e1", "e2"}},
	{"锂电池", []string{"e4", "e5"}},
	{"锂离子电池", []string{"e4", "e5"}},
	{"晶圆", []string{"e7", "e8", "e9"}},
	{"硅片", []string{"e7", "e8", "e9"}},
	{"半导体封装", []string{"e10", "t1"}},
	{"封装", []string{"e10", "t1"}},
	{"集成电路", []string{"e7", "e10"}},
	{"轮毂电机", []string{"e3", "t2"}},
	{"电机", []string{"e3", "t2"}},
	{"中成药", []string{"e11", "e15"}},
	{"e-bike", []string{"e1", "e2"}},
	{"wafer", []string{"e7", "e8", "e9"}},
	{"lithium battery", []string{"e4", "e5"}},
	{"hub motor", []string{"e3", "t2"}},
	{"碳化硅", []string{"e17"}},
	{"氮化镓", []string{"e17"}},
	{"外延片", []string{"e17"}},
	{"功率器件", []string{"e17"}},
	{"钙钛矿", []string{"e18"}},
	{"电池片", []string{"e18"}},
	{"锂电", []string{"e4", "e5"}},
	{"封测", []string{"e10"}},
}

// gseTokenizer is a Bleve tokenizer on gse; search selects gse's search mode,
// which also emits the shorter words inside a long one.
type gseTokenizer struct {
	seg    *gse.Segmenter
	search bool
}

func (g *gseTokenizer) Tokenize(b []byte) analysis.TokenStream {
	var words []string
	if g.search {
		words = g.seg.CutSearch(string(b))
	} else {
		words = g.seg.Cut(string(b))
	}
	out := make(analysis.TokenStream, 0, len(words))
	pos := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		pos++
		typ := analysis.AlphaNumeric
		if unicode.Is(unicode.Han, r) {
			typ = analysis.Ideographic
		}
		out = append(out, &analysis.Token{Term: []byte(w), Position: pos, Type: typ})
	}
	return out
}

var gseOnce struct {
	sync.Once
	seg      gse.Segmenter
	load     time.Duration
	heap     uint64
	err      error
	regError error
}

// loadGse loads gse's embedded Chinese dictionary once and registers the two
// tokenizers; it reports the load time and the heap the dictionary holds.
func loadGse() error {
	gseOnce.Do(func() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		gseOnce.seg.SkipLog = true
		gseOnce.err = gseOnce.seg.LoadDict()
		gseOnce.load = time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		gseOnce.heap = after.HeapAlloc - before.HeapAlloc
		for name, search := range map[string]bool{"gse_search": true, "gse_precise": false} {
			err := registry.RegisterTokenizer(name, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
				return &gseTokenizer{seg: &gseOnce.seg, search: search}, nil
			})
			if err != nil {
				gseOnce.regError = err
			}
		}
	})
	if gseOnce.err != nil {
		return gseOnce.err
	}
	return gseOnce.regError
}

// buildVariant builds docs with the text analyser given, returning an Index
// that runs the production query code with that analyser.
func buildVariant(b *testing.B, variant string, docs func() (Doc, bool, error)) (*Index, time.Duration, int64) {
	im, err := newMapping()
	if err != nil {
		b.Fatal(err)
	}
	filters := []string{cjk.WidthName, lowercase.Name, en.PossessiveName, en.StopName, porter.Name}
	if variant == "gse" {
		for name, tok := range map[string]string{"gse_index": "gse_search", "gse_query": "gse_precise"} {
			if err := im.AddCustomAnalyzer(name, map[string]interface{}{"type": custom.Name, "tokenizer": tok, "token_filters": filters}); err != nil {
				b.Fatal(err)
			}
		}
		dm := im.DefaultMapping
		for _, f := range []string{fName, fNameEN, fScope, fProducts, fIndustry} {
			dm.Properties[f].Fields[0].Analyzer = "gse_index"
		}
	}
	dir := b.TempDir()
	start := time.Now()
	bld, err := bleve.NewBuilder(dir+"/idx", im, map[string]interface{}{"batchSize": buildBatchSize, "buildPathPrefix": dir})
	if err != nil {
		b.Fatal(err)
	}
	for {
		d, ok, err := docs()
		if err != nil {
			b.Fatal(err)
		}
		if !ok {
			break
		}
		if err := bld.Index(docID(d.Kind, d.Seq), d.fields()); err != nil {
			b.Fatal(err)
		}
	}
	if err := bld.Close(); err != nil {
		b.Fatal(err)
	}
	el := time.Since(start)
	size := dirSize(dir + "/idx")
	bi, err := bleve.Open(dir + "/idx")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bi.Close() })
	ix := &Index{bi: bi, expand: newExpander(testChains()), cache: newCandidateCache(), state: StateReady, queryAnalyzer: textAnalyzer}
	if variant == "gse" {
		ix.queryAnalyzer = "gse_query"
	}
	return ix, el, size
}

func BenchmarkAnalyzerCompare(b *testing.B) {
	if err := loadGse(); err != nil {
		b.Fatal(err)
	}
	const synth = 20000
	perQuery := map[string][]string{}
	defer func() {
		keys := make([]string, 0, len(perQuery))
		for k := range perQuery {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(os.Stderr, "%s → %v\n", k, perQuery[k])
		}
	}()
	for _, variant := range []string{"cjk", "gse"} {
		b.Run(variant, func(b *testing.B) {
			if variant == "gse" {
				b.ReportMetric(gseOnce.load.Seconds(), "dict-load-s")
				b.ReportMetric(float64(gseOnce.heap)/(1<<20), "dict-heap-MiB")
			}
			for i := 0; i < b.N; i++ {
				ix, _, _ := buildVariant(b, variant, sliceNext(testCorpus()))
				for _, expand := range []bool{false, true} {
					var rel, found, hits, good int
					for _, q := range evalQueries {
						var got []string
						if expand {
							res, err := ix.Search(context.Background(), Query{Text: q.text, Limit: 100})
							if err != nil {
								b.Fatal(err)
							}
							got = refs(res.Hits)
						} else {
							got = ix.literal(b, q.text)
						}
						rel += len(q.relevant)
						hits += len(got)
						for _, g := range got {
							if slices.Contains(q.relevant, g) {
								good++
							}
						}
						for _, r := range q.relevant {
							if slices.Contains(got, r) {
								found++
							}
						}
						if i == 0 {
							perQuery[fmt.Sprintf("%-16s expand=%-5v %s", q.text, expand, variant)] = got
						}
					}
					name := "literal"
					if expand {
						name = "expanded"
					}
					b.ReportMetric(float64(found)/float64(rel), "recall-"+name)
					b.ReportMetric(float64(good)/float64(max(hits, 1)), "precision-"+name)
				}
				docs := syntheticDocs(b, synth, 1)
				cpu0 := cpuTime()
				_, el, size := buildVariant(b, variant, docs)
				b.ReportMetric(float64(synth)/el.Seconds(), "docs/s")
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/synth, "CPU-µs/doc")
				b.ReportMetric(float64(size)/synth, "B/doc")
			}
		})
	}
}

// literal runs text as the text fields' match query alone, without the chain
// vocabulary.
func (ix *Index) literal(b *testing.B, text string) []string {
	saved := ix.expand
	ix.expand = newExpander(nil)
	defer func() { ix.expand = saved }()
	res, err := ix.Search(context.Background(), Query{Text: text, Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	return refs(res.Hits)
}

// cpuTime is the user and system CPU this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var _ = fmt.Sprint
