package match

import (
	"container/heap"
	"fmt"
	"math"
	"sort"

	"github.com/chainmatch/chainmatch"
)

// assign solves the capacitated assignment of rows (candidates) to columns
// (counties): with fit[i][k] the score of candidate i for county k (NaN: not a
// candidate there) and capacity[k] the slots of county k, it returns col[i], the
// county of candidate i or −1, that maximises
//
//	Σ_i fit[i][col[i]]   subject to   #{i : col[i] = k} ≤ capacity[k],
//
// each candidate in at most one county, and no pair of negative fit used. It is a
// min-cost flow (source → candidate, capacity 1; candidate → county, cost
// −fit; county → sink, capacity[k]) solved by successive shortest paths with
// Dijkstra over reduced costs (Johnson potentials, initialised by Bellman-Ford on
// the acyclic start graph); it stops when the cheapest augmenting path no longer
// adds fit, so the result is an optimal b-matching, not a greedy pass.
// O(F · E log V) for F = Σ assigned, E = the candidate pairs.
func assign(fit [][]float64, capacity []int) []int {
	nr, nc := len(fit), len(capacity)
	for i := range fit {
		if len(fit[i]) != nc {
			panic("match: assign needs one fit per column in every row")
		}
	}
	// Nodes: 0 source, 1..nr rows, nr+1..nr+nc columns, nr+nc+1 sink.
	src, sink := 0, nr+nc+1
	g := newFlowGraph(nr + nc + 2)
	for i := range fit {
		g.add(src, 1+i, 1, 0)
		for k, v := range fit[i] {
			if v == v && v > 0 {
				g.add(1+i, 1+nr+k, 1, -v)
			}
		}
	}
	for k, c := range capacity {
		if c > 0 {
			g.add(1+nr+k, sink, c, 0)
		}
	}
	g.minCostFlow(src, sink)
	col := make([]int, nr)
	for i := range col {
		col[i] = -1
		for _, e := range g.adj[1+i] {
			ed := &g.edges[e]
			if ed.orig == 1 && ed.cap == 0 && ed.to > nr && ed.to <= nr+nc {
				col[i] = ed.to - 1 - nr
			}
		}
	}
	return col
}

// greedyAssign is the greedy pass assign improves on: pairs by descending fit,
// each taken when its candidate is free and its county has a slot. For tests and
// comparisons.
func greedyAssign(fit [][]float64, capacity []int) []int {
	type pair struct {
		i, k int
		v    float64
	}
	var ps []pair
	for i := range fit {
		for k, v := range fit[i] {
			if v == v && v > 0 {
				ps = append(ps, pair{i, k, v})
			}
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].v > ps[b].v })
	col := make([]int, len(fit))
	for i := range col {
		col[i] = -1
	}
	left := append([]int(nil), capacity...)
	for _, p := range ps {
		if col[p.i] < 0 && left[p.k] > 0 {
			col[p.i] = p.k
			left[p.k]--
		}
	}
	return col
}

// TotalFit is Σ fit[i][col[i]] over assigned rows.
func TotalFit(fit [][]float64, col []int) float64 {
	var s float64
	for i, k := range col {
		if k >= 0 {
			s += fit[i][k]
		}
	}
	return s
}

type flowEdge struct {
	to, cap, orig int
	cost          float64
}

type flowGraph struct {
	adj   [][]int
	edges []flowEdge
}

func newFlowGraph(n int) *flowGraph { return &flowGraph{adj: make([][]int, n)} }

func (g *flowGraph) add(from, to, cap int, cost float64) {
	g.adj[from] = append(g.adj[from], len(g.edges))
	g.edges = append(g.edges, flowEdge{to: to, cap: cap, orig: cap, cost: cost})
	g.adj[to] = append(g.adj[to], len(g.edges))
	g.edges = append(g.edges, flowEdge{to: from, cap: 0, orig: 0, cost: -cost})
}

type pqItem struct {
	d float64
	v int
}
type pq []pqItem

func (q pq) Len() int           { return len(q) }
func (q pq) Less(a, b int) bool { return q[a].d < q[b].d }
func (q pq) Swap(a, b int)      { q[a], q[b] = q[b], q[a] }
func (q *pq) Push(x any)        { *q = append(*q, x.(pqItem)) }
func (q *pq) Pop() any          { o := *q; x := o[len(o)-1]; *q = o[:len(o)-1]; return x }

// minCostFlow pushes flow from s to t along cheapest paths while a path has
// negative cost.
func (g *flowGraph) minCostFlow(s, t int) {
	n := len(g.adj)
	pot := make([]float64, n)
	for i := range pot {
		pot[i] = math.Inf(1)
	}
	pot[s] = 0
	for range n { // Bellman-Ford: the start graph has negative costs, no cycles
		changed := false
		for v := range n {
			if math.IsInf(pot[v], 1) {
				continue
			}
			for _, e := range g.adj[v] {
				ed := &g.edges[e]
				if ed.cap > 0 && pot[v]+ed.cost < pot[ed.to]-1e-12 {
					pot[ed.to] = pot[v] + ed.cost
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	for v := range pot {
		if math.IsInf(pot[v], 1) {
			pot[v] = 0
		}
	}
	dist := make([]float64, n)
	prev := make([]int, n)
	for {
		for v := range dist {
			dist[v], prev[v] = math.Inf(1), -1
		}
		dist[s] = 0
		q := &pq{{0, s}}
		for q.Len() > 0 {
			it := heap.Pop(q).(pqItem)
			if it.d > dist[it.v] {
				continue
			}
			for _, e := range g.adj[it.v] {
				ed := &g.edges[e]
				if ed.cap == 0 {
					continue
				}
				rc := ed.cost + pot[it.v] - pot[ed.to]
				if rc < 0 {
					rc = 0 // rounding; reduced costs are ≥ 0 in exact arithmetic
				}
				if d := dist[it.v] + rc; d < dist[ed.to]-1e-12 {
					dist[ed.to], prev[ed.to] = d, e
					heap.Push(q, pqItem{d, ed.to})
				}
			}
		}
		if math.IsInf(dist[t], 1) {
			return
		}
		for v := range pot {
			if !math.IsInf(dist[v], 1) {
				pot[v] += dist[v]
			}
		}
		// pot[t] − pot[s] is the true cost of the path: stop when it adds no fit.
		if pot[t]-pot[s] >= -1e-12 {
			return
		}
		for v := t; v != s; {
			e := prev[v]
			g.edges[e].cap--
			g.edges[e^1].cap++
			v = g.edges[e^1].to
		}
	}
}

// Claim is one county's wish for an enterprise: where the county's own ranking
// put it and with what score.
type Claim struct {
	County string  `json:"county"`
	Rank   int     `json:"rank"`
	Score  float64 `json:"score"`
}

// Conflict is an enterprise that the unconstrained top N of more than one county
// held, with the county the assignment gave it to ("" none) and why.
type Conflict struct {
	Enterprise *chainmatch.EnterpriseSummary `json:"enterprise"`
	Claims     []Claim                       `json:"claims"` // best score first
	AssignedTo string                        `json:"assigned_to"`
	Resolution chainmatch.Reason             `json:"resolution"`
}

// fillBonus is added to every score before the assignment so that filling a
// county's slots comes first (scores lie within ±2) and a negative score (risk)
// still fills a slot nobody better wants: among assignments that fill as many
// slots, the one with the largest total score wins.
const fillBonus = 10

// Dislocate applies "dislocation development" (错位发展) across the counties of one
// city: lists[k] is county k's ranked targets (best first, deeper than n), and
// each enterprise that appears on several lists is offered to one county only.
// Each county gets at most n targets, chosen by assign (fit = score + fillBonus)
// so that the total score over the city is the largest possible; a county in keep (its list asks
// otherwise) keeps its own top n and takes no part. The returned lists are in each
// county's score order, re-ranked from 1. conflicts lists every enterprise that
// two or more unconstrained top-n lists held, with the resolution.
func Dislocate(counties []string, lists [][]chainmatch.Target, n int, keep map[string]bool) (out [][]chainmatch.Target, conflicts []Conflict) {
	if len(counties) != len(lists) {
		panic("match: Dislocate needs one county per list")
	}
	type cell struct{ k, pos int }
	row := map[string]int{}
	var ids []string
	var cells [][]cell
	for k, l := range lists {
		if keep[counties[k]] {
			continue
		}
		for pos := range l {
			id, _ := targetKey(&l[pos])
			r, ok := row[id]
			if !ok {
				r = len(ids)
				row[id] = r
				ids = append(ids, id)
				cells = append(cells, nil)
			}
			cells[r] = append(cells[r], cell{k, pos})
		}
	}
	fit := make([][]float64, len(ids))
	for r := range fit {
		fit[r] = make([]float64, len(lists))
		for k := range fit[r] {
			fit[r][k] = math.NaN()
		}
		for _, c := range cells[r] {
			fit[r][c.k] = lists[c.k][c.pos].Score + fillBonus
		}
	}
	capacity := make([]int, len(lists))
	for k := range capacity {
		if !keep[counties[k]] {
			capacity[k] = n
		}
	}
	col := assign(fit, capacity)
	out = make([][]chainmatch.Target, len(lists))
	for k, l := range lists {
		out[k] = []chainmatch.Target{}
		for pos := range l {
			id, _ := targetKey(&l[pos])
			take := keep[counties[k]] && pos < n
			if r, ok := row[id]; ok && !keep[counties[k]] {
				take = col[r] == k
			}
			if take {
				t := l[pos]
				t.Rank = len(out[k]) + 1
				out[k] = append(out[k], t)
			}
		}
	}
	for r, id := range ids {
		var claims []Claim
		var ent *chainmatch.EnterpriseSummary
		for _, c := range cells[r] {
			if c.pos < n {
				t := &lists[c.k][c.pos]
				claims = append(claims, Claim{County: counties[c.k], Rank: c.pos + 1, Score: t.Score})
				ent = t.Enterprise
				if ent == nil && t.Talent != nil {
					ent = &chainmatch.EnterpriseSummary{ID: id, Name: t.Talent.Name}
				}
			}
		}
		if len(claims) < 2 {
			continue
		}
		sort.SliceStable(claims, func(a, b int) bool { return claims[a].Score > claims[b].Score })
		cf := Conflict{Enterprise: ent, Claims: claims}
		if col[r] >= 0 {
			cf.AssignedTo = counties[col[r]]
		}
		cf.Resolution = resolution(cf, fit[r], counties, col[r])
		conflicts = append(conflicts, cf)
	}
	sort.SliceStable(conflicts, func(a, b int) bool { return conflicts[a].Claims[0].Score > conflicts[b].Claims[0].Score })
	if conflicts == nil {
		conflicts = []Conflict{}
	}
	return out, conflicts
}

func resolution(cf Conflict, fit []float64, counties []string, k int) chainmatch.Reason {
	best := cf.Claims[0]
	switch {
	case k < 0:
		return chainmatch.Reason{ZH: "未分配：各县的名额都由更契合的企业占满",
			EN: "assigned to no county: every claiming county fills its slots with better fits"}
	case counties[k] == best.County:
		second := cf.Claims[1]
		return chainmatch.Reason{
			ZH: fmt.Sprintf("分配给%s：在该县得分最高（%.3f，%s为%.3f）", best.County, best.Score, second.County, second.Score),
			EN: fmt.Sprintf("assigned to %s, where it fits best (%.3f; %s %.3f)", best.County, best.Score, second.County, second.Score)}
	}
	got := fit[k] - fillBonus
	return chainmatch.Reason{
		ZH: fmt.Sprintf("分配给%s（%.3f）：%s得分更高（%.3f），但其名额给了别的企业，全市总契合度更高", counties[k], got, best.County, best.Score),
		EN: fmt.Sprintf("assigned to %s (%.3f): %s scores it higher (%.3f) but gives its slot to others, for a higher total fit across the city", counties[k], got, best.County, best.Score)}
}
