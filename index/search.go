package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/chainmatch/chainmatch"
)

// Query is a search: free text in Chinese or English, filters, facets, a page.
// Empty filters do not restrict.
type Query struct {
	Kind string // chainmatch.KindEnterprise, chainmatch.KindTalent, or "" for both
	Text string

	Chain, Node string // Node needs Chain
	Province    []string
	City        []string
	County      []string
	// ExcludeCounty leaves out records located in these counties (a county's own
	// enterprises are not targets for it).
	ExcludeCounty []string
	Tags          []string // every tag must be present
	Industry      string   // GB/T 4754 code or a prefix of it: C, 38, 384, 3841
	Ranges        []Range

	Facets    []string // FacetProvince, FacetTags, FacetNodes, FacetChains
	FacetSize int      // terms per facet; 0 means 20

	Limit, Offset int // Limit 0 means 20
}

// Range restricts a numeric field (RangeCapitalWan, ...) to [Min, Max]; a nil
// bound is open. Records whose number is unknown never match a range.
type Range struct {
	Field    string
	Min, Max *float64
}

// Hit is one matching record and its text score (0 when the query had no text).
type Hit struct {
	Kind  string
	Seq   uint32
	Score float64
}

// FacetCount is one term of a facet.
type FacetCount struct {
	Term  string
	Count int
}

// Result is a page of hits, the total and the facets asked for.
type Result struct {
	Total  uint64
	Hits   []Hit
	Facets map[string][]FacetCount
}

// facetFetch is how many terms each shard reports per facet; counts are exact
// for fields with fewer distinct terms.
const facetFetch = 2000

var rangeFields = map[string]bool{fCapital: true, fEmployees: true, fRevenue: true, fFounded: true}
var facetFields = map[string]bool{fProvince: true, fTags: true, fNodes: true, fChains: true}

// Search runs q. It honours ctx: a cancelled search returns ctx's error.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	bq, err := ix.buildQuery(q)
	if err != nil {
		return Result{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	req := bleve.NewSearchRequestOptions(bq, limit, max(q.Offset, 0), false)
	req.Fields = nil
	req.IncludeLocations = false
	// Every hit of a filter-only query ties: order those by seq, so pages are
	// stable across shards and calls. Text queries order by score alone (the
	// tiebreak would read a doc value for every hit).
	if strings.TrimSpace(q.Text) == "" {
		req.SortBy([]string{fOrd})
	}
	fsize := q.FacetSize
	if fsize <= 0 {
		fsize = 20
	}
	for _, f := range q.Facets {
		if !facetFields[f] {
			return Result{}, fmt.Errorf("index search: facet %q: %w", f, chainmatch.ErrInvalid)
		}
		// Each shard counts its own top terms and the alias adds them up, so a
		// term outside one shard's top n would lose that shard's count: ask the
		// shards for every term (facet fields have few: provinces, tags, chains,
		// nodes) and trim after the merge.
		req.AddFacet(f, bleve.NewFacetRequest(f, max(fsize, facetFetch)))
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return Result{}, fmt.Errorf("index search: index is %s: %w", ix.state, chainmatch.ErrUnavailable)
	}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if ctx.Err() != nil {
		// an alias of shards reports cancellation as partial results
		return Result{}, fmt.Errorf("index search: %w", ctx.Err())
	}
	if err != nil {
		return Result{}, fmt.Errorf("index search: %w", err)
	}
	if sr.Status != nil && sr.Status.Failed > 0 {
		for _, e := range sr.Status.Errors {
			return Result{}, fmt.Errorf("index search: %w", e)
		}
	}
	res := Result{Total: sr.Total, Hits: make([]Hit, 0, len(sr.Hits))}
	for _, h := range sr.Hits {
		kind, seq, ok := parseID(h.ID)
		if !ok {
			return Result{}, fmt.Errorf("index search: unexpected document id %q", h.ID)
		}
		score := h.Score
		if strings.TrimSpace(q.Text) == "" {
			score = 0
		}
		res.Hits = append(res.Hits, Hit{Kind: kind, Seq: seq, Score: score})
	}
	if len(sr.Facets) > 0 {
		res.Facets = make(map[string][]FacetCount, len(sr.Facets))
		for name, fr := range sr.Facets {
			var fc []FacetCount
			for _, t := range fr.Terms.Terms() {
				fc = append(fc, FacetCount{Term: t.Term, Count: t.Count})
			}
			sort.SliceStable(fc, func(i, j int) bool {
				if fc[i].Count != fc[j].Count {
					return fc[i].Count > fc[j].Count
				}
				return fc[i].Term < fc[j].Term
			})
			if len(fc) > fsize {
				fc = fc[:fsize]
			}
			res.Facets[name] = fc
		}
	}
	return res, nil
}

// buildQuery turns q into a Bleve query: the text part (scored) in conjunction
// with the filters.
func (ix *Index) buildQuery(q Query) (query.Query, error) {
	text := ix.textQuery(q.Text)
	var filters []query.Query
	term := func(field, v string) query.Query {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		return tq
	}
	anyOf := func(field string, vs []string) query.Query {
		if len(vs) == 1 {
			return term(field, vs[0])
		}
		qs := make([]query.Query, len(vs))
		for i, v := range vs {
			qs[i] = term(field, v)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	if q.Kind != "" {
		if q.Kind != chainmatch.KindEnterprise && q.Kind != chainmatch.KindTalent {
			return nil, fmt.Errorf("index search: kind %q: %w", q.Kind, chainmatch.ErrInvalid)
		}
		filters = append(filters, term(fKind, q.Kind))
	}
	switch {
	case q.Node != "" && q.Chain == "":
		return nil, fmt.Errorf("index search: node %q without a chain: %w", q.Node, chainmatch.ErrInvalid)
	case q.Node != "":
		filters = append(filters, term(fNodes, q.Chain+"/"+q.Node))
	case q.Chain != "":
		filters = append(filters, term(fChains, q.Chain))
	}
	if len(q.Province) > 0 {
		filters = append(filters, anyOf(fProvince, q.Province))
	}
	if len(q.City) > 0 {
		filters = append(filters, anyOf(fCity, q.City))
	}
	if len(q.County) > 0 {
		filters = append(filters, anyOf(fCounty, q.County))
	}
	for _, t := range q.Tags {
		filters = append(filters, term(fTags, t))
	}
	if q.Industry != "" {
		filters = append(filters, term(fIndustryCode, q.Industry))
	}
	for _, r := range q.Ranges {
		if !rangeFields[r.Field] {
			return nil, fmt.Errorf("index search: range on %q: %w", r.Field, chainmatch.ErrInvalid)
		}
		if r.Min == nil && r.Max == nil {
			continue
		}
		incl := true
		nq := bleve.NewNumericRangeInclusiveQuery(r.Min, r.Max, &incl, &incl)
		nq.SetField(r.Field)
		filters = append(filters, nq)
	}
	// Filters do not score: the text query alone orders the hits.
	bq := bleve.NewBooleanQuery()
	if text != nil {
		bq.AddMust(text)
	} else {
		bq.AddMust(bleve.NewMatchAllQuery())
	}
	switch len(filters) {
	case 0:
	case 1:
		bq.AddFilter(filters[0])
	default:
		bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	for _, c := range q.ExcludeCounty {
		bq.AddMustNot(term(fCounty, c))
	}
	return bq, nil
}

// textQuery is the scored part: every whitespace-separated word must match some
// text field or, through the chain vocabulary, a node it names; the whole text
// naming a node also matches that node's vocabulary in either language.
func (ix *Index) textQuery(text string) query.Query {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	words := strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '，' || r == '、' || r == ';' || r == '；'
	})
	var conj []query.Query
	for _, w := range words {
		conj = append(conj, ix.wordQuery(w))
	}
	var all query.Query
	if len(conj) == 1 {
		all = conj[0]
	} else {
		all = bleve.NewConjunctionQuery(conj...)
	}
	if len(words) > 1 {
		if exp := ix.expansion(text, false); len(exp) > 0 {
			return bleve.NewDisjunctionQuery(append([]query.Query{all}, exp...)...)
		}
	}
	return all
}

// directBoost weighs a word found as typed above the node vocabulary it reaches:
// a record that says what the user typed ranks above one that only shares the node.
const directBoost = 4

// wordQuery matches one word in any text field, or any node vocabulary it names.
func (ix *Index) wordQuery(w string) query.Query {
	qs := []query.Query{ix.textMatch(w, directBoost)}
	qs = append(qs, ix.expansion(w, true)...)
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// textMatch matches s in any text field, all of its tokens in one field.
func (ix *Index) textMatch(s string, boost float64) query.Query {
	return ix.fieldsMatch(s, boost, "")
}

// fieldsMatch matches s in every text field but skip (all of its tokens in one
// field), each with its boost times boost.
func (ix *Index) fieldsMatch(s string, boost float64, skip string) query.Query {
	qs := make([]query.Query, 0, len(textFields))
	for _, f := range textFields {
		if f.name == skip {
			continue
		}
		mq := bleve.NewMatchQuery(s)
		mq.SetField(f.name)
		mq.Analyzer = ix.queryAnalyzer
		mq.SetOperator(query.MatchQueryOperatorAnd)
		mq.SetBoost(f.boost * boost)
		qs = append(qs, mq)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// expansion returns, for each node the text names, a query for the node tag and
// one for each of its terms in the text fields, vetoed by the node's negative
// terms that contain it (电池 does not reach 电池回收 through the vocabulary).
func (ix *Index) expansion(text string, contain bool) []query.Query {
	var out []query.Query
	for _, n := range ix.expand.match(text, contain) {
		tq := bleve.NewTermQuery(n.id)
		tq.SetField(fNodes)
		tq.SetBoost(1.5)
		out = append(out, tq)
		for _, t := range n.terms {
			var neg []string
			kt := normKey(t)
			for _, ng := range n.negative {
				if strings.Contains(normKey(ng), kt) {
					neg = append(neg, ng)
				}
			}
			m := ix.textMatch(t, 0.8)
			if len(neg) == 0 {
				out = append(out, m)
				continue
			}
			bq := bleve.NewBooleanQuery()
			bq.AddMust(m)
			for _, ng := range neg {
				bq.AddMustNot(ix.textMatch(ng, 1))
			}
			out = append(out, bq)
		}
	}
	return out
}

// NodeText scores every enterprise tagged at chain/node by how strongly its own
// text names the node: a disjunction of the node's keywords and contextual words in
// either language, each matched (all of its tokens) in the name, English name,
// products or scope with those fields' boosts; a record scores its best word's
// BM25 score plus tieBreaker times its other words' (dismax).
// Hits come back in no particular order; an enterprise tagged at the node whose
// text names none of the words (one placed there by a broad label or an industry
// code) is not among them. Its cost is one query per node, so callers compute it
// once per index generation.
func (ix *Index) NodeText(ctx context.Context, chain string, n *chainmatch.Node) ([]Hit, error) {
	seqs, err := ix.Candidates(ctx, chainmatch.KindEnterprise, chain, n.ID)
	if err != nil || len(seqs) == 0 {
		return nil, err
	}
	return ix.nodeText(ctx, chain, n, len(seqs), nil)
}

// NodeTextOf is NodeText over the enterprises seqs only (those changed since
// NodeText ran, for match.Pool.UpdateNodeText).
func (ix *Index) NodeTextOf(ctx context.Context, chain string, n *chainmatch.Node, seqs []uint32) ([]Hit, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	return ix.nodeText(ctx, chain, n, len(seqs), seqs)
}

// nodeText runs NodeText's query for at most size hits, over the enterprises
// seqs when not nil.
func (ix *Index) nodeText(ctx context.Context, chain string, n *chainmatch.Node, size int, seqs []uint32) ([]Hit, error) {
	seen := map[string]bool{}
	var words []query.Query
	for _, ws := range [][]string{n.Keywords, n.KeywordsEN, n.Contextual} {
		for _, w := range ws {
			if k := normKey(w); k != "" && !seen[k] {
				seen[k] = true
				words = append(words, ix.nodeTextMatch(w))
			}
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	tq := bleve.NewTermQuery(chain + "/" + n.ID)
	tq.SetField(fNodes)
	kq := bleve.NewTermQuery(chainmatch.KindTalent)
	kq.SetField(fKind)
	bq := bleve.NewBooleanQuery()
	// A record's text score combines its words' BM25 scores by dismax. Bleve's
	// disjunction would multiply their sum by coord = matched/total words, which
	// ranks a short text naming the node once far below a long one listing many
	// of its words (Lucene dropped coord with BM25 for this reason), so the
	// words' scores are read before coord: from the per-word breakdown over the
	// whole node, or from the explanation over a few documents (where the
	// conjunction that restricts to them drops the breakdown).
	dis := bleve.NewDisjunctionQuery(words...)
	var must query.Query = dis
	if seqs == nil {
		dis.RetrieveScoreBreakdown(true)
	} else {
		// The few documents lead: the conjunction skips the node's others.
		// Weight 0, so the score is the words' alone.
		ids := make([]string, len(seqs))
		for k, q := range seqs {
			ids[k] = docID(chainmatch.KindEnterprise, q)
		}
		dq := bleve.NewDocIDQuery(ids)
		dq.SetBoost(0)
		must = bleve.NewConjunctionQuery(dq, dis)
	}
	bq.AddMust(must)
	// Enterprises only: size counts the node's enterprises, so a talent tagged
	// there must not take one of their places.
	bq.AddMustNot(kq)
	bq.AddFilter(tq)
	req := bleve.NewSearchRequestOptions(bq, size, 0, seqs != nil)
	req.Fields = nil
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, fmt.Errorf("index node text: index is %s: %w", ix.state, chainmatch.ErrUnavailable)
	}
	// BM25's document frequencies and lengths over all shards, so a record's
	// score depends neither on which shard its name put it in nor on the order
	// the records came in.
	st, err := ix.textStats()
	if err != nil {
		return nil, err
	}
	req.PreSearchData = map[string]interface{}{search.BM25PreSearchDataKey: st}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("index node text: %w", ctx.Err())
	}
	if err == nil && sr.Status != nil && len(sr.Status.Errors) > 0 {
		for _, e := range sr.Status.Errors {
			err = e
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("index node text %s/%s: %w", chain, n.ID, err)
	}
	hits := make([]Hit, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		kind, seq, ok := parseID(h.ID)
		if !ok {
			return nil, fmt.Errorf("index node text: unexpected document id %q", h.ID)
		}
		if kind != chainmatch.KindEnterprise {
			continue
		}
		var ws []float64
		if h.Expl != nil {
			ws = wordScores(h.Expl)
		} else {
			for _, v := range h.ScoreBreakdown {
				ws = append(ws, v)
			}
		}
		hits = append(hits, Hit{Kind: kind, Seq: seq, Score: dismax(ws)})
	}
	return hits, nil
}

// wordScores returns the scores of the words that matched, the parts of the
// outermost disjunction in e before Bleve's coord factor (its "product of" the
// "sum of" the words and coord(m/n)); nil when e has no disjunction.
func wordScores(e *search.Explanation) []float64 {
	if len(e.Children) == 2 && e.Children[0] != nil && e.Children[1] != nil && strings.HasPrefix(e.Children[1].Message, "coord(") {
		ws := make([]float64, 0, len(e.Children[0].Children))
		for _, c := range e.Children[0].Children {
			if c != nil {
				ws = append(ws, c.Value)
			}
		}
		return ws
	}
	for _, c := range e.Children {
		if c != nil {
			if ws := wordScores(c); ws != nil {
				return ws
			}
		}
	}
	return nil
}

// tieBreaker is the share of a record's other matched words in its node text
// score, after its best word (DisMax, as Lucene's DisjunctionMaxQuery and
// Elasticsearch's dis_max with the tie_breaker of its guide's example): a text that
// names the node once is strong evidence, and listing more of the node's words
// adds a little.
const tieBreaker = 0.3

// dismax combines the BM25 scores of a record's matched words: the best plus
// tieBreaker times the rest, summed in ascending order so that the score does
// not depend on the order the words come in.
func dismax(ws []float64) float64 {
	if len(ws) == 0 {
		return 0
	}
	slices.Sort(ws)
	var rest float64
	for _, v := range ws[:len(ws)-1] {
		rest += v
	}
	return ws[len(ws)-1] + tieBreaker*rest
}

// nodeTextMatch matches w for NodeText in the record's own words: name, English
// name, products and scope, with their free-text boosts. The industry label is
// left out: it is a classification, already counted by the tagger's confidence,
// so a record known by its label alone has no text score and ranks below one
// whose own words name the node.
func (ix *Index) nodeTextMatch(w string) query.Query { return ix.fieldsMatch(w, 1, fIndustry) }

// NodeCandidates returns the seqs of the enterprises tagged at chain/node (node
// "" = anywhere on the chain), in ascending order. The slice is shared by every
// caller until the next Build or Update: do not modify it. Sets are cached per
// index generation because they repeat and change only on import.
func (ix *Index) NodeCandidates(ctx context.Context, chain, node string) ([]uint32, error) {
	return ix.Candidates(ctx, chainmatch.KindEnterprise, chain, node)
}

// Candidates is NodeCandidates for either kind.
func (ix *Index) Candidates(ctx context.Context, kind, chain, node string) ([]uint32, error) {
	if chain == "" {
		return nil, fmt.Errorf("index candidates: chain required: %w", chainmatch.ErrInvalid)
	}
	if kind != chainmatch.KindEnterprise && kind != chainmatch.KindTalent {
		return nil, fmt.Errorf("index candidates: kind %q: %w", kind, chainmatch.ErrInvalid)
	}
	field, term := fChains, chain
	if node != "" {
		field, term = fNodes, chain+"/"+node
	}
	key := kind + "\x00" + field + "\x00" + term
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, fmt.Errorf("index candidates: index is %s: %w", ix.state, chainmatch.ErrUnavailable)
	}
	if ids, ok := ix.cache.get(key); ok {
		return ids, nil
	}
	ids, err := ix.pullTerm(ctx, kind, field, term)
	if err != nil {
		return nil, err
	}
	ix.cache.put(key, ids)
	return ids, nil
}

// pullTerm walks the postings of field:term unscored through the seq tables of
// the pinned snapshots, making the tables first when the index changed.
func (ix *Index) pullTerm(ctx context.Context, kind, field, term string) ([]uint32, error) {
	ix.idsMu.Lock()
	if ix.ids == nil {
		ids, err := newSeqTables(ctx, ix.shards)
		if err != nil {
			ix.idsMu.Unlock()
			return nil, fmt.Errorf("index candidates: %w", err)
		}
		ix.ids = ids
	}
	tables := ix.ids
	ix.idsMu.Unlock()
	var ids []uint32
	for _, t := range tables {
		part, err := t.postings(ctx, kind, field, term)
		if err != nil {
			return nil, fmt.Errorf("index candidates: %w", err)
		}
		if ids == nil {
			ids = part
		} else {
			ids = append(ids, part...)
		}
	}
	if ids == nil {
		ids = []uint32{}
	}
	slices.Sort(ids)
	return ids, nil
}

// candidateCache holds, until the index changes, candidate sets and the text
// statistics node text is scored with.
type candidateCache struct {
	mu    sync.Mutex
	sets  map[string][]uint32
	stats *search.BM25Stats
}

func newCandidateCache() *candidateCache { return &candidateCache{sets: map[string][]uint32{}} }

func (c *candidateCache) get(k string) ([]uint32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.sets[k]
	return v, ok
}

func (c *candidateCache) put(k string, v []uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sets[k] = v
}

func (c *candidateCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sets, c.stats = map[string][]uint32{}, nil
}

// textStats returns the BM25 statistics node text is scored with: the documents
// and, per text field, the distinct terms of the whole index. Bleve's own, over
// an alias of shards, sum each segment's distinct terms, which depends on how the
// documents fell into segments and so on the order they were imported in; these
// do not (but for the terms of documents deleted since their segment last
// merged). Callers hold ix.mu.
func (ix *Index) textStats() (*search.BM25Stats, error) {
	ix.cache.mu.Lock()
	st := ix.cache.stats
	ix.cache.mu.Unlock()
	if st != nil {
		return st, nil
	}
	st = &search.BM25Stats{FieldCardinality: make(map[string]int, len(textFields))}
	for _, sh := range ix.shards {
		n, err := sh.DocCount()
		if err != nil {
			return nil, fmt.Errorf("index text statistics: %w", err)
		}
		st.DocCount += float64(n)
	}
	// Every field the node text query reads, filters included: Bleve wants
	// statistics for each.
	fields := []string{fNodes, fKind}
	for _, f := range textFields {
		fields = append(fields, f.name)
	}
	for _, f := range fields {
		n, err := distinctTerms(ix.shards, f)
		if err != nil {
			return nil, fmt.Errorf("index text statistics %s: %w", f, err)
		}
		st.FieldCardinality[f] = n
	}
	ix.cache.mu.Lock()
	ix.cache.stats = st
	ix.cache.mu.Unlock()
	return st, nil
}

// distinctTerms counts the terms of field over the shards, each once: a merge of
// the shards' dictionaries, which come in term order.
func distinctTerms(shards []bleve.Index, field string) (int, error) {
	type head struct {
		d    bindex.FieldDict
		term string
		ok   bool
	}
	heads := make([]head, 0, len(shards))
	defer func() {
		for _, h := range heads {
			_ = h.d.Close()
		}
	}()
	next := func(h *head) error {
		for {
			e, err := h.d.Next()
			if err != nil || e == nil {
				h.ok = false
				return err
			}
			if e.Count > 0 {
				h.term, h.ok = e.Term, true
				return nil
			}
		}
	}
	for _, sh := range shards {
		d, err := sh.FieldDict(field)
		if err != nil {
			return 0, err
		}
		heads = append(heads, head{d: d})
		if err := next(&heads[len(heads)-1]); err != nil {
			return 0, err
		}
	}
	n := 0
	for {
		low, any := "", false
		for _, h := range heads {
			if h.ok && (!any || h.term < low) {
				low, any = h.term, true
			}
		}
		if !any {
			return n, nil
		}
		n++
		for k := range heads {
			if heads[k].ok && heads[k].term == low {
				if err := next(&heads[k]); err != nil {
					return 0, err
				}
			}
		}
	}
}
