package match

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"unsafe"

	"github.com/chainmatch/chainmatch"
)

// snapshotMagic opens a pool snapshot; snapshotFormat changes with the layout
// of the columns or with what the pool derives into them (a snapshot of another
// format is not read; 3: a tag's evidence quotes the record's own words first;
// 4: a twin key per record, twins.go; 5: the list location of a record named
// only in a foreign script is dropped, locate.go; 6: a record that gives only its
// province takes the city its name begins with, cityFromName; 7: Hong Kong, Macau
// and Taiwan have a point, sarCentre).
const (
	snapshotMagic  = "CMPOOL\x00\x01"
	snapshotFormat = 7
)

// ErrSnapshotStale is returned by ReadSnapshot when the snapshot was written for
// another generation, vocabulary or format: the pool must be loaded afresh.
var ErrSnapshotStale = errors.New("pool snapshot is stale")

// SnapshotKey says what a snapshot was made from: the store generation, the
// tagger version (chain vocabulary and tagging algorithm, Tagger.Version) and a
// hash of the counties (their profiles place and name records). A snapshot is
// read only when its key equals the one asked for.
type SnapshotKey struct {
	Generation int64
	Tagger     string
	Counties   string
}

// WriteSnapshot writes the frozen pool's columns, node text scores included, to
// w: a header (magic, format, key, record count), then each column as its
// length and raw little-endian values, then a CRC-32 of everything before it.
// ReadSnapshot rebuilds the pool without reading or tagging a record.
func (p *Pool) WriteSnapshot(w io.Writer, key SnapshotKey) error {
	if !p.frozen {
		panic("match: WriteSnapshot needs a frozen pool")
	}
	if !littleEndian() {
		return fmt.Errorf("write pool snapshot: big-endian machines are not supported: %w", chainmatch.ErrInvalid)
	}
	crc := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	sw := &snapWriter{w: bw}
	sw.bytes([]byte(snapshotMagic))
	sw.u64(snapshotFormat)
	sw.u64(uint64(key.Generation))
	sw.str(key.Tagger)
	sw.str(key.Counties)
	sw.u64(uint64(len(p.seq)))
	p.columns(sw)
	if sw.err != nil {
		return fmt.Errorf("write pool snapshot: %w", sw.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write pool snapshot: %w", err)
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], crc.Sum32())
	if _, err := w.Write(sum[:]); err != nil {
		return fmt.Errorf("write pool snapshot: %w", err)
	}
	return nil
}

// ReadSnapshot reads a snapshot WriteSnapshot wrote into a new pool for chains
// and counties and freezes it. It returns an error wrapping ErrSnapshotStale
// when the snapshot's key or format differs from key, and another error when it
// is truncated or corrupt.
func ReadSnapshot(r io.Reader, key SnapshotKey, chains []chainmatch.Chain, counties []chainmatch.County) (*Pool, error) {
	if !littleEndian() {
		return nil, fmt.Errorf("read pool snapshot: big-endian machine: %w", ErrSnapshotStale)
	}
	crc := crc32.NewIEEE()
	br := bufio.NewReaderSize(r, 1<<20)
	sr := &snapReader{r: io.TeeReader(br, crc)}
	magic := make([]byte, len(snapshotMagic))
	sr.bytes(magic)
	if sr.err != nil || string(magic) != snapshotMagic {
		return nil, fmt.Errorf("read pool snapshot: not a pool snapshot: %w", ErrSnapshotStale)
	}
	got := SnapshotKey{}
	format := sr.u64()
	got.Generation = int64(sr.u64())
	got.Tagger = sr.str()
	got.Counties = sr.str()
	n := sr.u64()
	if sr.err != nil {
		return nil, fmt.Errorf("read pool snapshot: %w", sr.err)
	}
	if format != snapshotFormat || got != key {
		return nil, fmt.Errorf("read pool snapshot: format %d %+v, want format %d %+v: %w", format, got, snapshotFormat, key, ErrSnapshotStale)
	}
	p := NewPool(chains, counties)
	sr.n = int(n)
	p.columns(sr)
	if sr.err != nil {
		return nil, fmt.Errorf("read pool snapshot: %w", sr.err)
	}
	want := crc.Sum32()
	var sum [4]byte
	if _, err := io.ReadFull(br, sum[:]); err != nil {
		return nil, fmt.Errorf("read pool snapshot: checksum: %w", err)
	}
	if binary.LittleEndian.Uint32(sum[:]) != want {
		return nil, fmt.Errorf("read pool snapshot: checksum mismatch: %w", chainmatch.ErrInvalid)
	}
	if err := p.checkColumns(); err != nil {
		return nil, fmt.Errorf("read pool snapshot: %w", err)
	}
	p.Freeze()
	return p, nil
}

// columnCodec writes or reads one column in place.
type columnCodec interface {
	u32s(*[]uint32)
	i32s(*[]int32)
	u16s(*[]uint16)
	u8s(*[]uint8)
	f32s(*[]float32)
	bools(*[]bool)
	vecs(*[]vec3)
	pairs(*[][2]byte)
	f64s(*[]float64)
}

// columns passes every per-record column Add fills, in a fixed order, to c.
// Freeze derives the rest.
func (p *Pool) columns(c columnCodec) {
	c.u32s(&p.seq)
	c.i32s(&p.county)
	c.i32s(&p.cidx)
	c.i32s(&p.city)
	c.u8s(&p.prov)
	c.vecs(&p.pt)
	c.bools(&p.ptExact)
	c.u16s(&p.flags)
	c.f32s(&p.quality)
	c.f32s(&p.risk)
	c.u8s(&p.riskBits)
	c.f32s(&p.capital)
	c.f32s(&p.employ)
	c.i32s(&p.founded)
	c.f32s(&p.growthS)
	c.f32s(&p.growthW)
	c.u32s(&p.tagOff)
	c.u16s(&p.tagNode)
	c.f32s(&p.tagConf)
	c.u32s(&p.tagEv)
	c.f32s(&p.tagText)
	c.u32s(&p.sigOff)
	c.u8s(&p.sigType)
	c.i32s(&p.sigDay)
	c.u32s(&p.sigText)
	c.u32s(&p.brOff)
	c.i32s(&p.br)
	c.u8s(&p.arena)
	c.u32s(&p.strs)
	c.u8s(&p.locFrom)
	c.i32s(&p.localOf)
	c.pairs(&p.country)
	c.f64s(&p.textMedian)
	c.bools(&p.hasRef)
}

// checkColumns verifies the lengths and offsets a read snapshot must satisfy, so
// that a damaged file cannot make Rank read out of range.
func (p *Pool) checkColumns() error {
	n := len(p.seq)
	for name, l := range map[string]int{"county": len(p.county), "cidx": len(p.cidx), "city": len(p.city),
		"prov": len(p.prov), "pt": len(p.pt), "ptExact": len(p.ptExact), "flags": len(p.flags),
		"quality": len(p.quality), "risk": len(p.risk), "riskBits": len(p.riskBits), "capital": len(p.capital),
		"employ": len(p.employ), "founded": len(p.founded), "growthS": len(p.growthS), "growthW": len(p.growthW),
		"locFrom": len(p.locFrom), "localOf": len(p.localOf), "country": len(p.country), "hasRef": len(p.hasRef),
		"tagOff": len(p.tagOff) - 1, "sigOff": len(p.sigOff) - 1, "brOff": len(p.brOff) - 1,
		"strs": len(p.strs) / (strsPer + 1)} {
		if l != n {
			return fmt.Errorf("column %s has %d rows, want %d: %w", name, l, n, chainmatch.ErrInvalid)
		}
	}
	if len(p.textMedian) != p.nodes {
		return fmt.Errorf("node text medians: %d, want %d: %w", len(p.textMedian), p.nodes, chainmatch.ErrInvalid)
	}
	if len(p.strs) != n*(strsPer+1) {
		return fmt.Errorf("strings column: %w", chainmatch.ErrInvalid)
	}
	t := len(p.tagNode)
	if len(p.tagConf) != t || len(p.tagEv) != t || len(p.tagText) != t || len(p.sigDay) != len(p.sigType) || len(p.sigText) != len(p.sigType) {
		return fmt.Errorf("tag or signal columns differ in length: %w", chainmatch.ErrInvalid)
	}
	offs := []struct {
		off []uint32
		n   int
	}{{p.tagOff, t}, {p.sigOff, len(p.sigType)}, {p.brOff, len(p.br)}}
	for _, o := range offs {
		if o.off[0] != 0 || int(o.off[len(o.off)-1]) != o.n {
			return fmt.Errorf("offsets out of range: %w", chainmatch.ErrInvalid)
		}
		for i := 1; i < len(o.off); i++ {
			if o.off[i] < o.off[i-1] {
				return fmt.Errorf("offsets decrease: %w", chainmatch.ErrInvalid)
			}
		}
	}
	for _, g := range p.tagNode {
		if int(g) >= p.nodes {
			return fmt.Errorf("node %d beyond the chains' %d: %w", g, p.nodes, chainmatch.ErrInvalid)
		}
	}
	for _, c := range p.cidx {
		if int(c) >= len(p.counties) || c < -1 {
			return fmt.Errorf("county index %d out of range: %w", c, chainmatch.ErrInvalid)
		}
	}
	a := uint32(len(p.arena))
	for i, s := range p.strs {
		if s > a || (i%(strsPer+1) != 0 && s < p.strs[i-1]) {
			return fmt.Errorf("string offsets out of range: %w", chainmatch.ErrInvalid)
		}
	}
	for _, offs := range [][]uint32{p.tagEv, p.sigText} {
		for _, o := range offs {
			if o >= a || o+1+uint32(p.arena[o]) > a {
				return fmt.Errorf("arena offsets out of range: %w", chainmatch.ErrInvalid)
			}
		}
	}
	for _, t := range p.sigType {
		if int(t) >= len(signalWeight) {
			return fmt.Errorf("signal type %d: %w", t, chainmatch.ErrInvalid)
		}
	}
	if !p.denseSeqs() {
		p.fillSeqMap()
		if len(p.bySeqMap) != n {
			return fmt.Errorf("repeated seqs: %w", chainmatch.ErrInvalid)
		}
		return nil
	}
	seen := make([]uint64, 4*n/64+1024)
	for _, s := range p.seq {
		if seen[s/64]&(1<<(s%64)) != 0 {
			return fmt.Errorf("repeated seq %d: %w", s, chainmatch.ErrInvalid)
		}
		seen[s/64] |= 1 << (s % 64)
	}
	return nil
}

func littleEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}

// raw views a slice of fixed-size values as its bytes.
func raw[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(z)))
}

type snapWriter struct {
	w   io.Writer
	err error
}

func (s *snapWriter) bytes(b []byte) {
	if s.err == nil && len(b) > 0 {
		_, s.err = s.w.Write(b)
	}
}

func (s *snapWriter) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	s.bytes(b[:])
}

func (s *snapWriter) str(v string) {
	s.u64(uint64(len(v)))
	s.bytes([]byte(v))
}

func col[T any](s *snapWriter, v []T) {
	s.u64(uint64(len(v)))
	s.bytes(raw(v))
}

func (s *snapWriter) u32s(v *[]uint32)   { col(s, *v) }
func (s *snapWriter) i32s(v *[]int32)    { col(s, *v) }
func (s *snapWriter) u16s(v *[]uint16)   { col(s, *v) }
func (s *snapWriter) u8s(v *[]uint8)     { col(s, *v) }
func (s *snapWriter) f32s(v *[]float32)  { col(s, *v) }
func (s *snapWriter) vecs(v *[]vec3)     { col(s, *v) }
func (s *snapWriter) pairs(v *[][2]byte) { col(s, *v) }
func (s *snapWriter) bools(v *[]bool)    { col(s, *v) }
func (s *snapWriter) f64s(v *[]float64)  { col(s, *v) }

type snapReader struct {
	r   io.Reader
	n   int // records, to bound column lengths
	err error
}

func (s *snapReader) bytes(b []byte) {
	if s.err == nil && len(b) > 0 {
		_, s.err = io.ReadFull(s.r, b)
	}
}

func (s *snapReader) u64() uint64 {
	var b [8]byte
	s.bytes(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

func (s *snapReader) str() string {
	n := s.u64()
	if n > 1<<16 {
		s.fail()
		return ""
	}
	b := make([]byte, n)
	s.bytes(b)
	return string(b)
}

func (s *snapReader) fail() {
	if s.err == nil {
		s.err = fmt.Errorf("column length out of range: %w", chainmatch.ErrInvalid)
	}
}

// readCol reads one column. Its length is bounded by the record count: at most
// 1,024 values a record, 64 KiB a record for byte columns (the arena).
func readCol[T any](s *snapReader, v *[]T) {
	n := s.u64()
	if s.err != nil {
		return
	}
	var z T
	limit := uint64(s.n+1) << 10
	if unsafe.Sizeof(z) == 1 {
		limit = uint64(s.n+1) << 16
	}
	if n > limit {
		s.fail()
		return
	}
	out := make([]T, n)
	s.bytes(raw(out))
	*v = out
}

func (s *snapReader) u32s(v *[]uint32)   { readCol(s, v) }
func (s *snapReader) i32s(v *[]int32)    { readCol(s, v) }
func (s *snapReader) u16s(v *[]uint16)   { readCol(s, v) }
func (s *snapReader) u8s(v *[]uint8)     { readCol(s, v) }
func (s *snapReader) f32s(v *[]float32)  { readCol(s, v) }
func (s *snapReader) vecs(v *[]vec3)     { readCol(s, v) }
func (s *snapReader) pairs(v *[][2]byte) { readCol(s, v) }
func (s *snapReader) bools(v *[]bool)    { readCol(s, v) }
func (s *snapReader) f64s(v *[]float64)  { readCol(s, v) }
