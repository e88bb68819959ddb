// Package index owns the Bleve index of candidates: mapping, Chinese and English
// analysis, bulk build, incremental update and retrieval; no Bleve type leaves it.
//
// The index is derived from the database and never the source of truth: results
// are seqs (the store's dense row ids), nothing the database holds is stored, and
// the engine rebuilds whenever Check says the index is missing, corrupt or behind.
//
// Enterprises and talents share one index (Doc.Kind is chainmatch.KindEnterprise
// or chainmatch.KindTalent): the same text fields and chain vocabulary apply to
// both, talents are few, and the kind keyword plus the id prefix keep the two seq
// spaces apart.
//
// # Layout and life cycle
//
// A directory holds CURRENT, naming the live index idx-<nanos>, which holds one
// Bleve (scorch) index per shard (s0, s1, ...) and chainmatch.json: the mapping
// version, the database generation it was built from, the document and shard
// counts. Build writes a fresh idx-* with Bleve's offline builder, one shard per
// core in parallel (the builder analyses under a single lock, so one builder uses
// one core; records go to shard seq mod shards), then renames a new CURRENT over
// the old one: the swap is atomic, the old index answers until then, and a failed
// or cancelled build leaves it untouched. Open removes directories CURRENT does
// not name. Update applies an import as batches to the live shards and then
// rewrites chainmatch.json; a crash between the two leaves the index behind, and
// it is rebuilt. Searches run on an alias of the shards.
//
// # Mapping
//
//	field            type      notes
//	name, name_en,   text      analyser zh_en (below); boosts 2, 2, 1.5, 1, 0.5
//	products, scope,
//	industry
//	kind, city,      keyword   filters only: no frequencies or norms
//	county,
//	industry_code              the code and its parents: C3841 → C, 38, 384, 3841
//	province, tags,  keyword   doc values: facets
//	chains
//	nodes            keyword   "chain/node"; doc values (facet) and scored (the
//	                           node-tag clause of the query expansion)
//	ord              keyword   doc values: the seq order of filter-only listings
//	capital_wan,     numeric   rounded to 3 significant digits
//	employees,
//	revenue_wan,
//	founded_year
//	geo              geopoint  rounded to 0.01° (about 1 km)
//
// There is no _all field (composing it cost a fifth of the build CPU) and
// nothing is stored but Bleve's own _id. Unknown numbers (NaN) are left out, so
// they match no range. Bleve indexes a number as 16 prefix-coded terms: numbers
// and the geopoint are most of the index (641 → 255 B/doc at 20k documents
// without them); rounding saved 5 %. The builder's batch of 1000 documents
// (against 5000) cut the build's peak RSS from 425 to 105 MiB at 20k.
//
// # Analysis: CJK bigrams, not a dictionary segmenter
//
// zh_en is Bleve's Unicode tokenizer, CJK width folding, lower case, English
// possessives, stop words and Porter stems, then overlapping bigrams over runs of
// Han characters. Text queries match all of a word's tokens in one field (AND),
// which approximates a phrase without storing positions.
//
// It was compared with github.com/go-ego/gse as a custom tokenizer (search mode
// when indexing, precise mode when querying) by BenchmarkAnalyzerCompare: 24
// queries users type (电动车, 锂电池, 晶圆, 半导体封装, 轮毂电机, 中成药, 碳化硅,
// 钙钛矿, 封测, e-bike, wafer, lithium battery, ...) over the test corpus, and
// 20,000 synthetic documents for size and speed:
//
//	                          cjk bigrams   gse
//	recall, text alone           0.59       0.61
//	recall, with expansion       0.95       0.95
//	precision, text alone        0.96       1.00
//	precision, with expansion    0.86       0.91
//	index size (20k docs)      653 B/doc  605 B/doc
//	build CPU                  262 µs/doc 259 µs/doc
//	dictionary load              none     3.1 s, 192 MiB heap
//
// gse is a little more precise (bigrams match 电动车 in "车辆电动门…动车组配件",
// where 电动 and 动车 occur apart) and finds 半导体封装 in 半导体器件封装, but every
// process would pay 3 s and 190 MiB before its first query (the CLI too), and
// neither finds 锂离子电池 for 锂电池 without the chain vocabulary, which closes
// most of the gap for both. Bigrams need no dictionary for new product words.
// Bigrams it is.
//
// # Cross-language expansion
//
// Open takes the chains. A query word that names a node's vocabulary (its
// names, Chinese or English keywords; equal after folding case, width, hyphens,
// spaces and an English plural, or for Chinese containing a keyword of three or
// more characters) also searches every keyword of that node in both languages
// and the node tag: e-bike reaches 电动自行车, wafer reaches 晶圆 and 硅片, 锂电池
// reaches "lithium battery". A node's negative terms veto an expanded keyword
// they contain (battery does not reach 电池回收), and a query naming a negative
// term does not expand to that node. Words of a query are ANDed.
//
// # Retrieval
//
// Search returns seqs, text scores, the total and facets; filters do not score.
// NodeCandidates walks the postings of one nodes (or chains) term and maps each
// internal document number to a seq through a table read once per index change
// over a pinned snapshot (reading ids from the index costs a stored-field lookup
// each, about 1 µs: 30–50 ms for 50k ids). Sets are then cached until the next
// Build or Update, since they repeat on every match and change only on import.
//
// # Measured
//
// On SYNTHETIC documents (the former index-local generator, since replaced by
// datasets/synth tagged at the embedded chains, which the benchmarks and chainmatch
// bench index now use: ~75 Chinese characters of scope, 5 % English, 75 % tagged;
// real scopes are often longer, so real indexes are larger), on this 2-core machine shared with other builds (load average 6–9),
// so wall times are pessimistic and CPU time is the fairer figure:
//
//	chainmatch bench index --enterprises 1000000 --rounds 60
//
//	build                 590 s wall, 321 s CPU (the process got 52 % of the
//	                      machine), 1,695 docs/s: target 180 s MISSED here; with
//	                      two idle cores the two shards need about 160–180 s
//	size                  514 MiB, 539 B/doc (target ≤ 600: met)
//	peak RSS              754 MiB VmHWM during the build (two builders merging
//	                      100 segments at a time; counts mapped segment files)
//	node candidates       85,430 ids: cold 10.9 ms p50 (6.4 ms per 50k: met),
//	                      16.0 ms p99; cached 0.1 µs
//	chain candidates      266,022 ids: cold 36 ms p50; cached 0.1 µs
//	free-text search      191 ms p50, 1.36 s p99 (limit 50; mean 64k hits: the
//	                      synthetic vocabulary is small, so every query matches
//	                      about 6 % of the pool); with filters and facets 265 ms
//	                      p50, 914 ms p99
//
//	chainmatch bench index --enterprises 100000   (load average 2.2)
//
//	build                 30 s wall, 30 s CPU, 3,300 docs/s, 567 B/doc, 315 MiB
//	                      peak RSS (22 MiB anonymous after the build)
//	node candidates       8,503 ids: cold 0.94 ms p50, cached 0.1 µs
//	free-text search      18 ms p50, 94 ms p99 (mean 6,400 hits)
//
//	go test ./index -run XXX -bench 'Build|NodeCandidates|SearchText'   (100k, load 12)
//
//	build                 1,259 docs/s wall, 567 B/doc, 261 MiB peak RSS
//	node candidates       8,503 ids: cold 0.78 ms, cached 128 ns
//	chain candidates      15,797 ids: cold 1.4 ms, cached 121 ns
//	free-text search      10–29 ms per query
package index
