package match

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// TestSnapshotRoundTrip writes a pool with node text scores and reads it back:
// rankings and gaps are identical, and a snapshot of another key, a damaged or
// a truncated one is refused.
func TestSnapshotRoundTrip(t *testing.T) {
	chains, counties := realChains(t), realCounties(t)
	p := synthPoolOver(t, 4000, chains, counties, 7, nil)
	for c := range chains {
		for k, n := range chains[c].Nodes {
			if k%2 == 1 {
				continue
			}
			seqs := p.Seqs(chains[c].ID)
			raw := make([]float64, len(seqs))
			for i, s := range seqs {
				raw[i] = float64(s%17) / 3
			}
			if err := p.SetNodeText(chains[c].ID, n.ID, seqs, raw); err != nil {
				t.Fatal(err)
			}
		}
	}
	key := SnapshotKey{Generation: 42, Tagger: "tag-x", Counties: "c-y"}
	var buf bytes.Buffer
	if err := p.WriteSnapshot(&buf, key); err != nil {
		t.Fatal(err)
	}
	q, err := ReadSnapshot(bytes.NewReader(buf.Bytes()), key, chains, counties)
	if err != nil {
		t.Fatal(err)
	}
	if q.Len() != p.Len() {
		t.Fatalf("read %d records, wrote %d", q.Len(), p.Len())
	}
	for _, tc := range []struct{ county, chain string }{
		{"331181", "auto-parts"}, {"331122", "short-distance-transport"}, {"331100-edz", "semiconductor"}, {"440306", "biomedicine"},
	} {
		var cty *chainmatch.County
		for i := range counties {
			if counties[i].Code == tc.county {
				cty = &counties[i]
			}
		}
		if cty == nil {
			t.Fatalf("no county %s", tc.county)
		}
		var ch = chains[0]
		for i := range chains {
			if chains[i].ID == tc.chain {
				ch = chains[i]
			}
		}
		want, err := Rank(p, Request{County: cty, Chain: &ch, Now: testNow, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Rank(q, Request{County: cty, Chain: &ch, Now: testNow, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if !bytes.Equal(wj, gj) {
			t.Errorf("%s %s: rankings differ after the snapshot", tc.county, tc.chain)
		}
		if len(want.Targets) == 0 {
			t.Errorf("%s %s: no targets", tc.county, tc.chain)
		}
	}

	for _, tc := range []struct {
		name  string
		data  func() []byte
		key   SnapshotKey
		stale bool
	}{
		{"other generation", buf.Bytes, SnapshotKey{43, "tag-x", "c-y"}, true},
		{"other tagger", buf.Bytes, SnapshotKey{42, "tag-z", "c-y"}, true},
		{"other counties", buf.Bytes, SnapshotKey{42, "tag-x", "c-z"}, true},
		{"not a snapshot", func() []byte { return []byte("hello, world, this is not a pool") }, key, true},
		{"empty", func() []byte { return nil }, key, true},
		{"damaged", func() []byte {
			b := bytes.Clone(buf.Bytes())
			b[len(b)/2] ^= 0x40
			return b
		}, key, false},
		{"truncated", func() []byte { return buf.Bytes()[:len(buf.Bytes())-100] }, key, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSnapshot(bytes.NewReader(tc.data()), tc.key, chains, counties)
			if err == nil {
				t.Fatal("read, want an error")
			}
			if errors.Is(err, ErrSnapshotStale) != tc.stale {
				t.Errorf("err %v, stale %v", err, tc.stale)
			}
		})
	}
}

// BenchmarkSnapshot times writing and reading a 20,000-record pool.
func BenchmarkSnapshot(b *testing.B) {
	chains, counties := realChains(b), realCounties(b)
	p := synthPoolOver(b, 20000, chains, counties, 7, nil)
	key := SnapshotKey{Generation: 1}
	var buf bytes.Buffer
	if err := p.WriteSnapshot(&buf, key); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ReadSnapshot(bytes.NewReader(buf.Bytes()), key, chains, counties); err != nil {
			b.Fatal(err)
		}
	}
}
