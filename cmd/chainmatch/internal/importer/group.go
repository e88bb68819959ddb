package importer

import (
	"hash/maphash"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets/read"
)

// groups links the rows of one file that the store would take for the same
// record, so that the last row of each group wins and the others count as
// duplicates. The store matches an enterprise by USCC, else by id, else by
// normalised name and location, where a row with a USCC only matches a stored
// record without one (store.UpsertEnterprise); a talent by id, else by name and
// institution/location. Rows are linked the same way: the same USCC or id, or the
// same name and place when one of the two rows has no USCC.
type groups struct {
	seed        maphash.Seed
	byMatch     map[uint64]int32 // a ticker, or a name, alias or name core in a province → first row
	parent      []int32
	byKey       map[uint64]int32 // USCC or id → first row
	byName      map[uint64]int32 // name and place → first row
	byNameNoKey map[uint64]int32 // name and place → first row without a USCC
	last        []int32          // per root, after finish: the row that wins
}

func newGroups() *groups {
	return &groups{seed: maphash.MakeSeed(), byKey: map[uint64]int32{}, byName: map[uint64]int32{}, byNameNoKey: map[uint64]int32{},
		byMatch: map[uint64]int32{}}
}

// recordKeys returns the hashes of a record's key (USCC, else id; 0 when it has
// neither) and of its name and place, and whether the key is a USCC.
func (g *groups) recordKeys(res *read.Result) (key, name uint64, uscc bool) {
	h := func(parts ...string) uint64 {
		var m maphash.Hash
		m.SetSeed(g.seed)
		for _, p := range parts {
			m.WriteString(p)
			m.WriteByte(0)
		}
		return m.Sum64()
	}
	if e := res.Enterprise; e != nil {
		switch {
		case e.USCC != "":
			key, uscc = h("u", e.USCC), true
		case e.ID != "":
			key = h("i", e.ID)
		}
		return key, h("n", chainmatch.NormalizeName(e.Name), store.EnterpriseLocKey(e)), uscc
	}
	t := res.Talent
	if t.ID != "" {
		key = h("ti", t.ID)
	}
	return key, h("tn", chainmatch.NormalizeName(t.Name), store.TalentLocKey(t)), false
}

func (g *groups) find(i int32) int32 {
	r := i
	for g.parent[r] != r {
		r = g.parent[r]
	}
	for g.parent[i] != r { // path compression
		g.parent[i], i = r, g.parent[i]
	}
	return r
}

func (g *groups) union(a, b int32) {
	ra, rb := g.find(a), g.find(b)
	if ra != rb {
		g.parent[ra] = rb
	}
}

// add takes row i; rows come in increasing order, and rows left out are rows
// without a record.
func (g *groups) add(i int, res *read.Result) {
	row := int32(i)
	for len(g.parent) <= i {
		g.parent = append(g.parent, int32(len(g.parent)))
	}
	if res.Enterprise == nil && res.Talent == nil {
		return
	}
	key, name, uscc := g.recordKeys(res)
	if e := res.Enterprise; e != nil {
		// As the store links records of other sources (store byMatchKey): the same
		// ticker, name, alias or name core in the same city (else province).
		for _, k := range e.MatchKeys() {
			if uscc && k[0] == 'n' {
				continue
			}
			var m maphash.Hash
			m.SetSeed(g.seed)
			m.WriteString(k)
			m.WriteByte(0)
			if e.City != "" {
				m.WriteString(e.City)
			} else {
				m.WriteString(e.Province)
			}
			h := m.Sum64()
			if j, ok := g.byMatch[h]; ok {
				g.union(row, j)
			} else {
				g.byMatch[h] = row
			}
		}
	}
	if key != 0 {
		if j, ok := g.byKey[key]; ok {
			g.union(row, j)
		} else {
			g.byKey[key] = row
		}
	}
	if uscc {
		if j, ok := g.byNameNoKey[name]; ok {
			g.union(row, j)
		}
		if _, ok := g.byName[name]; !ok {
			g.byName[name] = row
		}
		return
	}
	if j, ok := g.byName[name]; ok {
		g.union(row, j)
	} else {
		g.byName[name] = row
	}
	if _, ok := g.byNameNoKey[name]; !ok {
		g.byNameNoKey[name] = row
	}
}

// finish settles the winner of every group; the maps are dropped.
func (g *groups) finish() {
	g.byKey, g.byName, g.byNameNoKey, g.byMatch = nil, nil, nil, nil
	g.last = make([]int32, len(g.parent))
	for i := range g.parent {
		g.last[g.find(int32(i))] = int32(i)
	}
}

// root is the row that stands for row i's group.
func (g *groups) root(i int) int32 { return g.find(int32(i)) }

// wins reports whether row i is the last of its group.
func (g *groups) wins(i int) bool { return i < len(g.parent) && g.last[g.find(int32(i))] == int32(i) }

// seqSet is a set of store seqs, which are dense small integers.
type seqSet []uint64

func (s *seqSet) add(seq int64) (had bool) {
	w := int(seq >> 6)
	for len(*s) <= w {
		*s = append(*s, 0)
	}
	bit := uint64(1) << (seq & 63)
	had = (*s)[w]&bit != 0
	(*s)[w] |= bit
	return had
}
