package match

import "sort"

// automaton is an Aho–Corasick matcher over bytes: one pass over a text reports
// every occurrence of every pattern. States with many edges (the root, and the
// states after the lead bytes of CJK characters) have a dense transition table;
// other states keep their few edges sorted in one flat slice.
type automaton struct {
	denseIdx  []int32 // per state: index into dense, or -1
	dense     [][256]int32
	edgeStart []int32 // state s's edges are edges[edgeStart[s]:edgeStart[s+1]]
	edges     []acEdge
	fail      []int32
	out       []int32 // pattern ending at the state, or -1
	dict      []int32 // nearest state on the fail chain with an output, or 0
	depth     []int32
}

type acEdge struct {
	b    byte
	next int32
}

// acHit is one occurrence of a pattern: text[start:end].
type acHit struct {
	pattern    int32
	start, end int32
}

func buildAutomaton(patterns []string) automaton {
	type key struct {
		state int32
		b     byte
	}
	trie := map[key]int32{}
	out := []int32{-1}
	depth := []int32{0}
	children := [][]acEdge{nil}
	for id, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			k := key{s, p[i]}
			next, ok := trie[k]
			if !ok {
				next = int32(len(out))
				trie[k] = next
				out = append(out, -1)
				depth = append(depth, depth[s]+1)
				children = append(children, nil)
				children[s] = append(children[s], acEdge{p[i], next})
			}
			s = next
		}
		if out[s] < 0 {
			out[s] = int32(id)
		}
	}
	n := len(out)
	a := automaton{fail: make([]int32, n), out: out, dict: make([]int32, n), depth: depth, edgeStart: make([]int32, n+1)}
	for s := range children {
		sort.Slice(children[s], func(i, j int) bool { return children[s][i].b < children[s][j].b })
		a.edgeStart[s] = int32(len(a.edges))
		a.edges = append(a.edges, children[s]...)
	}
	a.edgeStart[n] = int32(len(a.edges))
	a.denseIdx = make([]int32, n)
	for s := range children {
		a.denseIdx[s] = -1
		if s == 0 || len(children[s]) >= denseEdges {
			a.denseIdx[s] = int32(len(a.dense))
			var row [256]int32
			for _, e := range children[s] {
				row[e.b] = e.next
			}
			a.dense = append(a.dense, row)
		}
	}
	// Breadth-first: fail links and output (dictionary) links.
	queue := make([]int32, 0, n)
	for _, e := range children[0] {
		queue = append(queue, e.next)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range children[s] {
			f := a.fail[s]
			for {
				if t := a.child(f, e.b); t > 0 {
					a.fail[e.next] = t
					break
				}
				if f == 0 {
					a.fail[e.next] = 0
					break
				}
				f = a.fail[f]
			}
			ff := a.fail[e.next]
			if a.out[ff] >= 0 {
				a.dict[e.next] = ff
			} else {
				a.dict[e.next] = a.dict[ff]
			}
			queue = append(queue, e.next)
		}
	}
	return a
}

// denseEdges is the number of edges from which a state gets a dense table.
const denseEdges = 6

// child returns the state reached from s on b, or 0 when there is no edge.
func (a *automaton) child(s int32, b byte) int32 {
	if d := a.denseIdx[s]; d >= 0 {
		return a.dense[d][b]
	}
	edges := a.edges[a.edgeStart[s]:a.edgeStart[s+1]]
	if len(edges) <= 8 {
		for _, e := range edges {
			if e.b == b {
				return e.next
			}
		}
		return 0
	}
	lo, hi := 0, len(edges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if edges[m].b < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(edges) && edges[lo].b == b {
		return edges[lo].next
	}
	return 0
}

// find appends every pattern occurrence in text to hits.
func (a *automaton) find(text []byte, hits []acHit) []acHit {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		for {
			if t := a.child(s, b); t > 0 {
				s = t
				break
			}
			if s == 0 {
				break
			}
			s = a.fail[s]
		}
		o := s
		if a.out[o] < 0 {
			o = a.dict[o]
		}
		for o > 0 {
			end := int32(i + 1)
			hits = append(hits, acHit{pattern: a.out[o], start: end - a.depth[o], end: end})
			o = a.dict[o]
		}
	}
	return hits
}
