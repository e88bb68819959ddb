package match

import (
	"fmt"
	"sort"

	"github.com/chainmatch/chainmatch"
)

// Change is a record added to the store or changed there since the pool was
// built, under its store seq, with its node tags computed.
type Change struct {
	Seq        uint32
	Enterprise *chainmatch.Enterprise
}

// With returns a new frozen pool: p's records, those whose seq is among changes
// replaced by the changed version, and the new ones added. p is left as it is
// (it keeps answering while the new pool is made). Unchanged records keep their
// node text scores; changed and new ones have none until UpdateNodeText gives
// them theirs, normalised with each node's median from the last SetNodeText.
//
// Its cost is a copy of the columns (no record is read or tagged again) and
// Freeze's counts, instead of a load of every record.
func (p *Pool) With(changes []Change) (*Pool, error) {
	if !p.frozen {
		panic("match: With needs a frozen pool")
	}
	q := NewPool(p.chains, p.counties)
	replaced := make(map[uint32]bool, len(changes))
	for _, c := range changes {
		if replaced[c.Seq] {
			return nil, fmt.Errorf("pool update: seq %d twice: %w", c.Seq, chainmatch.ErrConflict)
		}
		replaced[c.Seq] = true
	}
	n := len(p.seq)
	grow := n + len(changes)
	q.seq = make([]uint32, 0, grow)
	q.county = make([]int32, 0, grow)
	q.cidx = make([]int32, 0, grow)
	q.city = make([]int32, 0, grow)
	q.prov = make([]uint8, 0, grow)
	q.pt = make([]vec3, 0, grow)
	q.ptExact = make([]bool, 0, grow)
	q.flags = make([]uint16, 0, grow)
	q.quality = make([]float32, 0, grow)
	q.risk = make([]float32, 0, grow)
	q.riskBits = make([]uint8, 0, grow)
	q.capital = make([]float32, 0, grow)
	q.employ = make([]float32, 0, grow)
	q.founded = make([]int32, 0, grow)
	q.growthS = make([]float32, 0, grow)
	q.growthW = make([]float32, 0, grow)
	q.locFrom = make([]uint8, 0, grow)
	q.localOf = make([]int32, 0, grow)
	q.hasRef = make([]bool, 0, grow)
	q.country = make([][2]byte, 0, grow)
	q.tagOff = make([]uint32, 1, grow+1)
	q.sigOff = make([]uint32, 1, grow+1)
	q.brOff = make([]uint32, 1, grow+1)
	q.strs = make([]uint32, 0, (grow)*(strsPer+1))
	extra := len(changes) * 8
	q.tagNode = make([]uint16, 0, len(p.tagNode)+extra)
	q.tagConf = make([]float32, 0, len(p.tagNode)+extra)
	q.tagEv = make([]uint32, 0, len(p.tagNode)+extra)
	q.tagText = make([]float32, 0, len(p.tagNode)+extra)
	q.sigType = make([]uint8, 0, len(p.sigType)+extra)
	q.sigDay = make([]int32, 0, len(p.sigType)+extra)
	q.sigText = make([]uint32, 0, len(p.sigType)+extra)
	q.br = make([]int32, 0, len(p.br)+extra)
	// The arena is copied whole: offsets into it stay valid; the strings of
	// replaced records stay behind unused until the next full load.
	q.arena = make([]byte, len(p.arena), len(p.arena)+len(changes)*256)
	copy(q.arena, p.arena)
	q.textMedian = append([]float64(nil), p.textMedian...)

	for i := 0; i < n; {
		if replaced[p.seq[i]] {
			i++
			continue
		}
		j := i + 1
		for j < n && !replaced[p.seq[j]] {
			j++
		}
		q.copyRun(p, i, j)
		i = j
	}
	// Add's check for a repeated seq needs only the added ones: the changes
	// are distinct and none is among the copied records.
	q.bySeqMap = map[uint32]int32{}
	sorted := append([]Change(nil), changes...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].Seq < sorted[b].Seq })
	for _, c := range sorted {
		if err := q.Add(c.Seq, c.Enterprise); err != nil {
			return nil, fmt.Errorf("pool update: %w", err)
		}
	}
	q.fillSeqMap()
	q.Freeze()
	return q, nil
}

// copyRun appends p's records lo..hi-1 to q, rebasing their tag, signal and
// branch offsets.
func (q *Pool) copyRun(p *Pool, lo, hi int) {
	q.seq = append(q.seq, p.seq[lo:hi]...)
	q.county = append(q.county, p.county[lo:hi]...)
	q.cidx = append(q.cidx, p.cidx[lo:hi]...)
	q.city = append(q.city, p.city[lo:hi]...)
	q.prov = append(q.prov, p.prov[lo:hi]...)
	q.pt = append(q.pt, p.pt[lo:hi]...)
	q.ptExact = append(q.ptExact, p.ptExact[lo:hi]...)
	q.flags = append(q.flags, p.flags[lo:hi]...)
	q.quality = append(q.quality, p.quality[lo:hi]...)
	q.risk = append(q.risk, p.risk[lo:hi]...)
	q.riskBits = append(q.riskBits, p.riskBits[lo:hi]...)
	q.capital = append(q.capital, p.capital[lo:hi]...)
	q.employ = append(q.employ, p.employ[lo:hi]...)
	q.founded = append(q.founded, p.founded[lo:hi]...)
	q.growthS = append(q.growthS, p.growthS[lo:hi]...)
	q.growthW = append(q.growthW, p.growthW[lo:hi]...)
	q.locFrom = append(q.locFrom, p.locFrom[lo:hi]...)
	q.localOf = append(q.localOf, p.localOf[lo:hi]...)
	q.hasRef = append(q.hasRef, p.hasRef[lo:hi]...)
	q.country = append(q.country, p.country[lo:hi]...)
	q.strs = append(q.strs, p.strs[lo*(strsPer+1):hi*(strsPer+1)]...)

	rebase := func(dst []uint32, src []uint32) []uint32 {
		base := dst[len(dst)-1]
		from := src[lo]
		for i := lo + 1; i <= hi; i++ {
			dst = append(dst, base+src[i]-from)
		}
		return dst
	}
	t0, t1 := p.tagOff[lo], p.tagOff[hi]
	q.tagOff = rebase(q.tagOff, p.tagOff)
	q.tagNode = append(q.tagNode, p.tagNode[t0:t1]...)
	q.tagConf = append(q.tagConf, p.tagConf[t0:t1]...)
	q.tagEv = append(q.tagEv, p.tagEv[t0:t1]...)
	q.tagText = append(q.tagText, p.tagText[t0:t1]...)
	s0, s1 := p.sigOff[lo], p.sigOff[hi]
	q.sigOff = rebase(q.sigOff, p.sigOff)
	q.sigType = append(q.sigType, p.sigType[s0:s1]...)
	q.sigDay = append(q.sigDay, p.sigDay[s0:s1]...)
	q.sigText = append(q.sigText, p.sigText[s0:s1]...)
	b0, b1 := p.brOff[lo], p.brOff[hi]
	q.brOff = rebase(q.brOff, p.brOff)
	q.br = append(q.br, p.br[b0:b1]...)
}

// UpdateNodeText sets the node text scores of the records seqs (changed or new
// since the last SetNodeText, see With) at chain/node, normalised with the
// node's median from that SetNodeText, so the other records' scores stay
// comparable; a node that had none takes the median of raw. Same contract as
// SetNodeText otherwise.
func (p *Pool) UpdateNodeText(chain, node string, seqs []uint32, raw []float64) error {
	return p.setNodeText(chain, node, seqs, raw, true)
}
