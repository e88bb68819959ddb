package match

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/mat"

	"github.com/chainmatch/chainmatch"
)

// Gap part names, the keys of Weights.Gap and NodeGap.Parts.
const (
	PartGap         = "gap"         // importance × absence: the chain gap proper (补链)
	PartAbsence     = "absence"     // 1 − presence
	PartImportance  = "importance"  // the node's weight in the chain (强链)
	PartFeasibility = "feasibility" // relatedness density
	PartEmphasis    = "emphasis"    // the county's positioning emphasis on the node
)

// GapParts lists the gap parts in a fixed order.
var GapParts = []string{PartGap, PartAbsence, PartImportance, PartFeasibility, PartEmphasis}

// Gaps says, for one county and chain, how much each node is missing and matters.
type Gaps struct {
	County string    `json:"county"`
	Chain  string    `json:"chain"`
	Nodes  []NodeGap `json:"nodes"`
	// LocalTotal is the number of pool enterprises in the county (its seat county
	// for a platform); ChainWeight is the county's positioning weight for the chain
	// (0 when the chain is not in its positioning).
	LocalTotal  int     `json:"local_total"`
	ChainWeight float64 `json:"chain_weight"`
}

// NodeGap is one node's gap. Priority = Σ Parts; each part is
// Weights.Gap[name] × value / Σ Weights.Gap, so Priority lies in [0, 1].
type NodeGap struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	NameEN      string             `json:"name_en"`
	Stage       chainmatch.Stage   `json:"stage"`
	Priority    float64            `json:"priority"`
	Parts       map[string]float64 `json:"parts"`
	LocalCount  int                `json:"local_count"`
	LQ          float64            `json:"lq"`
	Presence    float64            `json:"presence"`
	Absence     float64            `json:"absence"`
	Feasibility float64            `json:"feasibility"`
	Importance  float64            `json:"importance"`
	// ImportanceSource is "chain" when the node sets Importance, else "pagerank".
	ImportanceSource string  `json:"importance_source"`
	Emphasis         float64 `json:"emphasis"`
}

// Gaps computes the chain gaps of county with weights w (nil: DefaultWeights).
//
// For node n and county c (a platform's seat county): local count x_cn = pool
// enterprises in c tagged at n; LQ = (x_cn / x_c) / (x_n / x) with x_c the county's
// enterprises, x_n the node's and x the pool's (0 when x_c or x_n is 0, i.e. nothing
// is known locally); presence = min(1, LQ); absence = 1 − presence; feasibility is
// the relatedness density of n in c (Hidalgo et al. 2007; see relatednessDensity);
// importance is Node.Importance when set, else the node's PageRank in the chain's
// supply graph taken as undirected (damping 0.85), divided by the chain's largest,
// so the most central node has 1; emphasis is the county's positioning emphasis on n
// (0 when none).
func (p *Pool) Gaps(county *chainmatch.County, chain string, w *chainmatch.Weights) (*Gaps, error) {
	if !p.frozen {
		panic("match: Gaps before Freeze")
	}
	if county == nil {
		return nil, fmt.Errorf("gaps: county: %w", chainmatch.ErrInvalid)
	}
	c, ok := p.chainIdx[chain]
	if !ok {
		return nil, fmt.Errorf("gaps %s: chain %q: %w", county.Code, chain, chainmatch.ErrNotFound)
	}
	if w == nil {
		d := DefaultWeights()
		w = &d
	} else if err := ValidateWeights(w); err != nil {
		return nil, fmt.Errorf("gaps %s: %w", county.Code, err)
	}
	return p.gaps(county, c, w.Gap), nil
}

func (p *Pool) gaps(county *chainmatch.County, c int, gw map[string]float64) *Gaps {
	ch := &p.chains[c]
	g := &Gaps{County: county.Code, Chain: ch.ID, Nodes: make([]NodeGap, len(ch.Nodes))}
	var emph map[string]float64
	for _, pos := range county.Positioning {
		if pos.Chain == ch.ID {
			emph = pos.Emphasis
			g.ChainWeight = pos.Weight
		}
	}
	h, hasHome := p.countyIdx[county.HomeCounty()]
	if hasHome {
		g.LocalTotal = int(p.countyTotal[h])
	}
	var wsum float64
	for _, k := range GapParts {
		wsum += gw[k]
	}
	imp := p.imp[c]
	for k := range ch.Nodes {
		n := &ch.Nodes[k]
		gi := p.nodeBase[c] + k
		ng := NodeGap{ID: n.ID, Name: n.Name, NameEN: n.NameEN, Stage: n.Stage,
			Importance: imp[k], ImportanceSource: "pagerank", Emphasis: emph[n.ID]}
		if n.Importance > 0 {
			ng.ImportanceSource = "chain"
		}
		if hasHome {
			ng.LocalCount = int(p.cnCount[h*p.nodes+gi])
			ng.Feasibility = float64(p.density[h*p.nodes+gi])
			if xc, xn := p.countyTotal[h], p.nodeTotal[gi]; xc > 0 && xn > 0 {
				ng.LQ = (float64(ng.LocalCount) / float64(xc)) / (float64(xn) / float64(p.total))
			}
		}
		ng.Presence = math.Min(1, ng.LQ)
		ng.Absence = 1 - ng.Presence
		vals := map[string]float64{PartGap: ng.Importance * ng.Absence, PartAbsence: ng.Absence,
			PartImportance: ng.Importance, PartFeasibility: ng.Feasibility, PartEmphasis: ng.Emphasis}
		ng.Parts = make(map[string]float64, len(GapParts))
		for _, part := range GapParts {
			v := 0.0
			if wsum > 0 {
				v = gw[part] * vals[part] / wsum
			}
			ng.Parts[part] = v
			ng.Priority += v
		}
		g.Nodes[k] = ng
	}
	return g
}

// chainImportance returns each node's importance: Node.Importance when set, else
// undirected PageRank (damping 0.85, tolerance 1e-10) over the supply edges scaled
// so that the chain's most central node has 1. A chain without edges gives every
// node 1.
func chainImportance(ch *chainmatch.Chain) []float64 {
	out := make([]float64, len(ch.Nodes))
	idx := map[string]int64{}
	g := simple.NewDirectedGraph()
	for k, n := range ch.Nodes {
		idx[n.ID] = int64(k)
		g.AddNode(simple.Node(k))
	}
	for _, e := range ch.Edges {
		a, okA := idx[e.From]
		b, okB := idx[e.To]
		if !okA || !okB || a == b {
			continue
		}
		g.SetEdge(simple.Edge{F: simple.Node(a), T: simple.Node(b)})
		g.SetEdge(simple.Edge{F: simple.Node(b), T: simple.Node(a)})
	}
	pr := map[int64]float64{}
	if len(ch.Edges) > 0 {
		pr = network.PageRank(g, 0.85, 1e-10)
	}
	var top float64
	for _, v := range pr {
		top = math.Max(top, v)
	}
	for k, n := range ch.Nodes {
		switch {
		case n.Importance > 0:
			out[k] = n.Importance
		case top > 0:
			out[k] = pr[int64(k)] / top
		default:
			out[k] = 1
		}
	}
	return out
}

// relatednessDensity computes, for every county c and node j, the relatedness
// density (Hidalgo, Klinger, Barabási & Hausmann 2007, "The product space conditions
// the development of nations", Science 317; Balland et al. 2019):
//
//	M_cj   = 1 when LQ_cj ≥ 1 (revealed comparative advantage), else 0
//	φ_ij   = Σ_c M_ci M_cj / max(Σ_c M_ci, Σ_c M_cj)   (proximity of nodes i, j)
//	ω_cj   = Σ_{i≠j} M_ci φ_ij / Σ_{i≠j} φ_ij          (0 when the denominator is 0)
//
// over every node of every chain, so a county strong in related nodes of other chains
// is also feasible. Products use gonum mat.
func relatednessDensity(cn, countyTotal, nodeTotal []int32, total int32, C, N int) []float32 {
	out := make([]float32, C*N)
	if C == 0 || N == 0 || total == 0 {
		return out
	}
	M := mat.NewDense(C, N, nil)
	for c := 0; c < C; c++ {
		if countyTotal[c] == 0 {
			continue
		}
		for j := 0; j < N; j++ {
			x := cn[c*N+j]
			if x == 0 || nodeTotal[j] == 0 {
				continue
			}
			lq := (float64(x) / float64(countyTotal[c])) / (float64(nodeTotal[j]) / float64(total))
			if lq >= 1 {
				M.Set(c, j, 1)
			}
		}
	}
	var co mat.Dense
	co.Mul(M.T(), M) // co_ij = Σ_c M_ci M_cj; co_ii = ubiquity
	phi := mat.NewDense(N, N, nil)
	colSum := make([]float64, N)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			if i == j {
				continue
			}
			d := math.Max(co.At(i, i), co.At(j, j))
			if d > 0 {
				v := co.At(i, j) / d
				phi.Set(i, j, v)
				colSum[j] += v
			}
		}
	}
	var num mat.Dense
	num.Mul(M, phi) // num_cj = Σ_i M_ci φ_ij
	for c := 0; c < C; c++ {
		for j := 0; j < N; j++ {
			if colSum[j] > 0 {
				out[c*N+j] = float32(num.At(c, j) / colSum[j])
			}
		}
	}
	return out
}
