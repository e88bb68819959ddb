package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/chainmatch/chainmatch"
)

// Change says what an upsert did to the stored record.
type Change int

// The outcomes of an upsert.
const (
	Unchanged Change = iota
	Created
	Updated
)

func (c Change) String() string {
	switch c {
	case Created:
		return "created"
	case Updated:
		return "updated"
	default:
		return "unchanged"
	}
}

// UpsertResult tells what an upsert did, the record's Seq and its ID. Seqs are the
// row ids: 1, 2, 3, ... in insertion order with no holes (a rolled-back import
// leaves none), never reused or changed, and the key of index documents.
type UpsertResult struct {
	Change Change
	Seq    int64
	ID     string
}

// ImportTx is one import transaction. Its methods must be called from one goroutine.
type ImportTx struct {
	s       *Store
	tx      *sql.Tx
	changed int
	gen     int64 // the generation this import commits as
	stmts   map[string]*sql.Stmt
	next    map[string]int64 // next seq per table, read on first insert
	touched map[int64]bool   // enterprise seqs stored in this transaction
	retag   func(e *chainmatch.Enterprise) []chainmatch.NodeTag
}

// SetRetag gives the tagger that places a merged record at chain nodes again:
// what two sources say together may tag differently from each alone.
func (it *ImportTx) SetRetag(fn func(e *chainmatch.Enterprise) []chainmatch.NodeTag) { it.retag = fn }

// Import runs fn in one transaction: either everything fn upserted is stored, or
// nothing is (fn returned an error, ctx was cancelled, or the process died). The
// generation grows by one when the transaction created or updated any record.
func (s *Store) Import(ctx context.Context, fn func(tx *ImportTx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("import: begin: %w", busy(err))
	}
	it := &ImportTx{s: s, tx: tx, stmts: map[string]*sql.Stmt{}, next: map[string]int64{}, touched: map[int64]bool{}}
	if s.dialect == postgres {
		// Imports are serialised (SQLite's write lock does it there) so seqs stay
		// dense: a sequence would leave holes after a rollback.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(72617)`); err != nil {
			tx.Rollback()
			return fmt.Errorf("import: lock: %w", err)
		}
	}
	defer func() {
		for _, st := range it.stmts {
			st.Close()
		}
	}()
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'generation'`).Scan(&it.gen); err != nil {
		tx.Rollback()
		return fmt.Errorf("import: generation: %w", err)
	}
	it.gen++ // rows this import changes carry the generation it commits
	if err := fn(it); err != nil {
		tx.Rollback()
		return storage(err)
	}
	if it.changed > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'generation'`); err != nil {
			tx.Rollback()
			return fmt.Errorf("import: generation: %w", storage(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("import: commit: %w", busy(err))
	}
	return nil
}

// nextSeq returns the seq the next record inserted into table gets.
func (it *ImportTx) nextSeq(ctx context.Context, table string) (int64, error) {
	if n, ok := it.next[table]; ok {
		it.next[table] = n + 1
		return n, nil
	}
	var max int64
	if err := it.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM `+table).Scan(&max); err != nil {
		return 0, err
	}
	it.next[table] = max + 2
	return max + 1, nil
}

// Changed counts the records created or updated so far in this transaction.
func (it *ImportTx) Changed() int { return it.changed }

func (it *ImportTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := it.stmts[query]; ok {
		return st, nil
	}
	st, err := it.tx.PrepareContext(ctx, it.s.q(query))
	if err != nil {
		return nil, err
	}
	it.stmts[query] = st
	return st, nil
}

// EnterpriseLocKey is the location part of an enterprise's identity: county, else
// city, else province, else empty.
func EnterpriseLocKey(e *chainmatch.Enterprise) string {
	switch {
	case e.County != "":
		return e.County
	case e.City != "":
		return e.City
	default:
		return e.Province
	}
}

// TalentLocKey is the location part of a talent's identity: the normalised
// institution and the location.
func TalentLocKey(t *chainmatch.Talent) string {
	return chainmatch.NormalizeName(t.Institution) + "@" + t.Location
}

func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// The upsert lookups; TestLookupPlans checks each uses its index.
const (
	qEnterpriseByUSCC = `SELECT seq, id, uscc, hash FROM enterprises WHERE uscc = ?`
	qEnterpriseByID   = `SELECT seq, id, uscc, hash FROM enterprises WHERE id = ?`
	qEnterpriseByName = `SELECT seq, id, uscc, hash FROM enterprises WHERE name_key = ? AND loc_key = ? ORDER BY seq LIMIT 1`
	// COALESCE keeps SQLite from answering "uscc IS NULL" through the uscc index,
	// which would visit every record without a USCC (a quadratic import).
	qEnterpriseByNameNoUSCC = `SELECT seq, id, uscc, hash FROM enterprises WHERE name_key = ? AND loc_key = ? AND COALESCE(uscc, '') = '' ORDER BY seq LIMIT 1`

	// By a match key (a name, alias, name core or ticker) of another source.
	qEnterpriseByKey = `SELECT e.seq, e.id, e.uscc, e.hash, e.loc_key FROM enterprise_keys k JOIN enterprises e ON e.seq = k.seq WHERE k.key = ? ORDER BY e.seq`

	qTalentByID   = `SELECT seq, id, NULL, hash FROM talents WHERE id = ?`
	qTalentByName = `SELECT seq, id, NULL, hash FROM talents WHERE name_key = ? AND loc_key = ? ORDER BY seq LIMIT 1`
)

type existing struct {
	seq  int64
	id   string
	uscc sql.NullString
	hash string
}

func (it *ImportTx) lookup(ctx context.Context, query string, args ...any) (existing, bool, error) {
	st, err := it.stmt(ctx, query)
	if err != nil {
		return existing{}, false, err
	}
	var ex existing
	err = st.QueryRowContext(ctx, args...).Scan(&ex.seq, &ex.id, &ex.uscc, &ex.hash)
	if isNoRows(err) {
		return existing{}, false, nil
	}
	if err != nil {
		return existing{}, false, err
	}
	return ex, true, nil
}

// locAgree reports whether two location keys (EnterpriseLocKey) can be one place.
func locAgree(a, b string) bool {
	sa, sb := strings.TrimSuffix(a, "00"), strings.TrimSuffix(b, "00")
	if len(a) == 2 {
		sa = a
	}
	if len(b) == 2 {
		sb = b
	}
	return strings.HasPrefix(sa, sb) || strings.HasPrefix(sb, sa)
}

// byMatchKey finds a stored record of the same firm from another source: the same
// exchange and ticker, else a name, alias or name core in common, at a place that
// agrees (one unknown, or one within the other: lists give a listed group's
// ticker and short name to its subsidiaries elsewhere, which are firms of their
// own). A record with a USCC is only linked to records without one or with the
// same. The lowest seq wins.
func (it *ImportTx) byMatchKey(ctx context.Context, e *chainmatch.Enterprise, locKey string) (existing, bool, error) {
	st, err := it.stmt(ctx, qEnterpriseByKey)
	if err != nil {
		return existing{}, false, err
	}
	keys := e.MatchKeys()
	// Tickers first: a ticker names one firm, a short name may name several.
	sort.SliceStable(keys, func(i, j int) bool { return strings.HasPrefix(keys[i], "t:") && !strings.HasPrefix(keys[j], "t:") })
	for _, k := range keys {
		rows, err := st.QueryContext(ctx, k)
		if err != nil {
			return existing{}, false, err
		}
		var best existing
		found := false
		for rows.Next() {
			var ex existing
			var loc string
			if err := rows.Scan(&ex.seq, &ex.id, &ex.uscc, &ex.hash, &loc); err != nil {
				rows.Close()
				return existing{}, false, err
			}
			if e.USCC != "" && ex.uscc.Valid && ex.uscc.String != e.USCC {
				continue
			}
			if !locAgree(loc, locKey) {
				continue
			}
			if !found {
				best, found = ex, true
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return existing{}, false, err
		}
		if found {
			return best, true, nil
		}
	}
	return existing{}, false, nil
}

// setKeys writes the match keys of the record at seq, replacing its old ones.
func (it *ImportTx) setKeys(ctx context.Context, seq int64, e *chainmatch.Enterprise, replace bool) error {
	if replace {
		st, err := it.stmt(ctx, `DELETE FROM enterprise_keys WHERE seq = ?`)
		if err == nil {
			_, err = st.ExecContext(ctx, seq)
		}
		if err != nil {
			return err
		}
	}
	st, err := it.stmt(ctx, `INSERT INTO enterprise_keys (key, seq) VALUES (?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return err
	}
	for _, k := range e.MatchKeys() {
		if _, err := st.ExecContext(ctx, k, seq); err != nil {
			return err
		}
	}
	return nil
}

// merge folds e into the stored record at seq and returns the result in e. A
// record said by one source only, said again by that source, is replaced as a
// whole; otherwise chainmatch.MergeEnterprise keeps what each source said, with
// its provenance. Records stored earlier in the same import are added to, never
// replaced.
func (it *ImportTx) merge(ctx context.Context, seq int64, e *chainmatch.Enterprise) error {
	var data []byte
	if err := it.tx.QueryRowContext(ctx, it.s.q(`SELECT data FROM enterprises WHERE seq = ?`), seq).Scan(&data); err != nil {
		return err
	}
	old := new(chainmatch.Enterprise)
	if err := json.Unmarshal(data, old); err != nil {
		return fmt.Errorf("enterprise seq %d: %w", seq, err)
	}
	again := !it.touched[seq]
	if again && old.Provenance == nil && old.Source == e.Source && chainmatch.NormalizeName(old.Name) == chainmatch.NormalizeName(e.Name) {
		if e.USCC == "" {
			e.USCC = old.USCC
		}
		return nil
	}
	chainmatch.MergeEnterprise(old, e, again)
	if it.retag != nil {
		old.NodeTags = it.retag(old)
	}
	*e = *old
	return nil
}

// UpsertEnterprise stores e, matching an existing record by USCC, else by id when
// given, else by chainmatch.NormalizeName(name) and location (county, else city,
// else province), else by a match key of another source (byMatchKey: ticker,
// name, alias or name core at an agreeing place). A record matched without a USCC
// keeps the USCC it has; a record matched is merged with what is stored (merge).
// New records get ID = USCC, else the given id, else "n-" and a hash of name and
// location. e.ID (and e.USCC when filled from the stored record) are set on return,
// and e holds the record as stored. Records must be valid (e.Validate) before they
// are upserted.
func (it *ImportTx) UpsertEnterprise(ctx context.Context, e *chainmatch.Enterprise) (UpsertResult, error) {
	if fe := checkText("", e); fe != nil {
		return UpsertResult{}, fmt.Errorf("enterprise %q: %w", e.ID, fe)
	}
	nameKey := chainmatch.NormalizeName(e.Name)
	locKey := EnterpriseLocKey(e)
	if nameKey == "" {
		return UpsertResult{}, fmt.Errorf("upsert enterprise: %w", chainmatch.FieldErrors{"name": "required"})
	}
	var (
		ex    existing
		found bool
		err   error
	)
	switch {
	case e.USCC != "":
		// By USCC, else the same normalised name at the same place without a USCC
		// (the same enterprise imported before from a source lacking the code).
		ex, found, err = it.lookup(ctx, qEnterpriseByUSCC, e.USCC)
		if err == nil && !found {
			ex, found, err = it.lookup(ctx, qEnterpriseByNameNoUSCC, nameKey, locKey)
		}
		if err == nil && !found && e.ID != "" && e.ID != e.USCC {
			ex, found, err = it.lookup(ctx, qEnterpriseByID, e.ID)
			if found && ex.uscc.Valid && ex.uscc.String != e.USCC {
				return UpsertResult{}, fmt.Errorf("upsert enterprise %q: id %s belongs to uscc %s: %w", e.Name, e.ID, ex.uscc.String, chainmatch.ErrConflict)
			}
		}
	default:
		if e.ID != "" {
			ex, found, err = it.lookup(ctx, qEnterpriseByID, e.ID)
		}
		if err == nil && !found {
			ex, found, err = it.lookup(ctx, qEnterpriseByName, nameKey, locKey)
		}
	}
	if err == nil && !found {
		ex, found, err = it.byMatchKey(ctx, e, locKey)
	}
	if err != nil {
		return UpsertResult{}, fmt.Errorf("upsert enterprise %q: %w", e.Name, err)
	}
	if found {
		if err := it.merge(ctx, ex.seq, e); err != nil {
			return UpsertResult{}, fmt.Errorf("upsert enterprise %q: %w", e.Name, err)
		}
		nameKey, locKey = chainmatch.NormalizeName(e.Name), EnterpriseLocKey(e)
		e.ID = ex.id
		if e.USCC == "" && ex.uscc.Valid {
			e.USCC = ex.uscc.String
		}
	} else {
		switch {
		case e.USCC != "":
			e.ID = e.USCC
		case e.ID == "":
			e.ID = "n-" + shortHash(nameKey, locKey)
		}
	}
	now := formatTime(it.s.now())
	if found {
		data, err := json.Marshal(e)
		if err != nil {
			return UpsertResult{}, fmt.Errorf("upsert enterprise %q: %w", e.Name, err)
		}
		hash := contentHash(data)
		it.touched[ex.seq] = true
		if ex.hash == hash {
			return UpsertResult{Change: Unchanged, Seq: ex.seq, ID: ex.id}, nil
		}
		st, err := it.stmt(ctx, `UPDATE enterprises SET uscc = ?, name_key = ?, loc_key = ?, data = ?, hash = ?, updated_at = ?, gen = ? WHERE seq = ?`)
		if err == nil {
			_, err = st.ExecContext(ctx, nullString(e.USCC), nameKey, locKey, string(data), hash, now, it.gen, ex.seq)
		}
		if err == nil {
			err = it.setKeys(ctx, ex.seq, e, true)
		}
		if err != nil {
			return UpsertResult{}, fmt.Errorf("upsert enterprise %q: %w", e.Name, err)
		}
		it.changed++
		return UpsertResult{Change: Updated, Seq: ex.seq, ID: ex.id}, nil
	}
	seq, err := it.insert(ctx, "enterprises", e.ID, func(id string) ([]byte, error) {
		e.ID = id
		return json.Marshal(e)
	}, func(seq int64, id string, data []byte) []any {
		return []any{seq, id, nullString(e.USCC), nameKey, locKey, string(data), contentHash(data), now, it.gen}
	})
	if err == nil {
		err = it.setKeys(ctx, seq, e, false)
	}
	if err != nil {
		return UpsertResult{}, fmt.Errorf("upsert enterprise %q: %w", e.Name, err)
	}
	it.touched[seq] = true
	it.changed++
	return UpsertResult{Change: Created, Seq: seq, ID: e.ID}, nil
}

// UpsertTalent stores t, matching an existing record by id when given, else by
// normalised name and institution/location. New talents without an id get "t-" and
// a hash of name, institution and location. t.ID is set on return.
func (it *ImportTx) UpsertTalent(ctx context.Context, t *chainmatch.Talent) (UpsertResult, error) {
	if fe := checkText("", t); fe != nil {
		return UpsertResult{}, fmt.Errorf("talent %q: %w", t.ID, fe)
	}
	nameKey := chainmatch.NormalizeName(t.Name)
	locKey := TalentLocKey(t)
	if nameKey == "" {
		return UpsertResult{}, fmt.Errorf("upsert talent: %w", chainmatch.FieldErrors{"name": "required"})
	}
	if t.Kind == "" {
		t.Kind = chainmatch.KindTalent
	}
	var (
		ex    existing
		found bool
		err   error
	)
	if t.ID != "" {
		ex, found, err = it.lookup(ctx, qTalentByID, t.ID)
	} else {
		ex, found, err = it.lookup(ctx, qTalentByName, nameKey, locKey)
	}
	if err != nil {
		return UpsertResult{}, fmt.Errorf("upsert talent %q: %w", t.Name, err)
	}
	if found {
		t.ID = ex.id
	} else {
		if t.ID == "" {
			t.ID = "t-" + shortHash(nameKey, locKey)
		}
	}
	now := formatTime(it.s.now())
	if found {
		data, err := json.Marshal(t)
		if err != nil {
			return UpsertResult{}, fmt.Errorf("upsert talent %q: %w", t.Name, err)
		}
		hash := contentHash(data)
		if ex.hash == hash {
			return UpsertResult{Change: Unchanged, Seq: ex.seq, ID: ex.id}, nil
		}
		st, err := it.stmt(ctx, `UPDATE talents SET name_key = ?, loc_key = ?, data = ?, hash = ?, updated_at = ?, gen = ? WHERE seq = ?`)
		if err == nil {
			_, err = st.ExecContext(ctx, nameKey, locKey, string(data), hash, now, it.gen, ex.seq)
		}
		if err != nil {
			return UpsertResult{}, fmt.Errorf("upsert talent %q: %w", t.Name, err)
		}
		it.changed++
		return UpsertResult{Change: Updated, Seq: ex.seq, ID: ex.id}, nil
	}
	seq, err := it.insert(ctx, "talents", t.ID, func(id string) ([]byte, error) {
		t.ID = id
		return json.Marshal(t)
	}, func(seq int64, id string, data []byte) []any {
		return []any{seq, id, nameKey, locKey, string(data), contentHash(data), now, it.gen}
	})
	if err != nil {
		return UpsertResult{}, fmt.Errorf("upsert talent %q: %w", t.Name, err)
	}
	it.changed++
	return UpsertResult{Change: Created, Seq: seq, ID: t.ID}, nil
}

var insertSQL = map[string]string{
	"enterprises": `INSERT INTO enterprises (seq, id, uscc, name_key, loc_key, data, hash, updated_at, gen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
	"talents":     `INSERT INTO talents (seq, id, name_key, loc_key, data, hash, updated_at, gen) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
}

// insert adds a new record under id, or under id-2, id-3, ... when a record already
// holds id (possible only when that record's name or location changed since it got
// its id). encode renders the record with the id it gets; args lists the values.
func (it *ImportTx) insert(ctx context.Context, table, id string, encode func(id string) ([]byte, error), args func(seq int64, id string, data []byte) []any) (int64, error) {
	st, err := it.stmt(ctx, insertSQL[table])
	if err != nil {
		return 0, err
	}
	seq, err := it.nextSeq(ctx, table)
	if err != nil {
		return 0, err
	}
	cand := id
	for i := 2; ; i++ {
		data, err := encode(cand)
		if err != nil {
			return 0, err
		}
		res, err := st.ExecContext(ctx, args(seq, cand, data)...)
		if err != nil {
			return 0, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return 0, err
		} else if n == 1 {
			return seq, nil
		}
		cand = fmt.Sprintf("%s-%d", id, i)
	}
}

// Generation grows by one on every committed import that changed records; derived
// data (the index, the in-memory pool) built at one generation is current while
// the generation stays the same.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var g int64
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'generation'`).Scan(&g); err != nil {
		return 0, fmt.Errorf("generation: %w", err)
	}
	return g, nil
}

// Counts returns the number of stored enterprises and talents.
func (s *Store) Counts(ctx context.Context) (enterprises, talents int64, err error) {
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises`).Scan(&enterprises); err != nil {
		return 0, 0, fmt.Errorf("counts: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM talents`).Scan(&talents); err != nil {
		return 0, 0, fmt.Errorf("counts: %w", err)
	}
	return enterprises, talents, nil
}

// Enterprises calls fn with every stored enterprise in seq order, from one
// goroutine; fn's error stops the scan and is returned. Rows are decoded in
// parallel ahead of fn.
func (s *Store) Enterprises(ctx context.Context, fn func(seq int64, e *chainmatch.Enterprise) error) error {
	return s.EnterprisesSince(ctx, -1, fn)
}

// EnterprisesSince is Enterprises over the records created or changed by imports
// after generation gen: what derived data built at gen lacks.
func (s *Store) EnterprisesSince(ctx context.Context, gen int64, fn func(seq int64, e *chainmatch.Enterprise) error) error {
	return scanDecoded(ctx, s, "enterprises", gen, func(seq int64, data []byte) (*chainmatch.Enterprise, error) {
		e := new(chainmatch.Enterprise)
		if err := json.Unmarshal(data, e); err != nil {
			return nil, fmt.Errorf("enterprise seq %d: %w", seq, err)
		}
		return e, nil
	}, fn)
}

// Talents calls fn with every stored talent in seq order, like Enterprises.
func (s *Store) Talents(ctx context.Context, fn func(seq int64, t *chainmatch.Talent) error) error {
	return s.TalentsSince(ctx, -1, fn)
}

// TalentsSince is Talents over the records changed after generation gen.
func (s *Store) TalentsSince(ctx context.Context, gen int64, fn func(seq int64, t *chainmatch.Talent) error) error {
	return scanDecoded(ctx, s, "talents", gen, func(seq int64, data []byte) (*chainmatch.Talent, error) {
		t := new(chainmatch.Talent)
		if err := json.Unmarshal(data, t); err != nil {
			return nil, fmt.Errorf("talent seq %d: %w", seq, err)
		}
		return t, nil
	}, fn)
}

// scanBatch is a run of rows decoded by one worker; done closes when it is.
type scanBatch[T any] struct {
	seqs []int64
	data [][]byte
	out  []T
	err  error
	done chan struct{}
}

const scanBatchSize = 256

// scanDecoded reads table in seq order on one goroutine, decodes batches of rows
// on GOMAXPROCS workers and hands them to fn in order on the caller's goroutine.
func scanDecoded[T any](ctx context.Context, s *Store, table string, since int64, decode func(seq int64, data []byte) (T, error), fn func(seq int64, v T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *scanBatch[T], workers)
	order := make(chan *scanBatch[T], 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.out = make([]T, len(b.seqs))
				for i := range b.seqs {
					if b.out[i], b.err = decode(b.seqs[i], b.data[i]); b.err != nil {
						break
					}
				}
				close(b.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		readErr <- s.scan(ctx, table, since, func() func(seq int64, data []byte) error {
			b := &scanBatch[T]{done: make(chan struct{})}
			flush := func() error {
				select {
				case work <- b:
				case <-ctx.Done():
					return ctx.Err()
				}
				select {
				case order <- b:
				case <-ctx.Done():
					return ctx.Err()
				}
				b = &scanBatch[T]{done: make(chan struct{})}
				return nil
			}
			return func(seq int64, data []byte) error {
				if seq < 0 { // end of rows
					if len(b.seqs) > 0 {
						return flush()
					}
					return nil
				}
				b.seqs = append(b.seqs, seq)
				b.data = append(b.data, data)
				if len(b.seqs) == scanBatchSize {
					return flush()
				}
				return nil
			}
		}())
	}()
	var err error
	for b := range order {
		<-b.done
		if err == nil && b.err != nil {
			err = b.err
		}
		if err == nil {
			err = ctx.Err()
		}
		for i := 0; err == nil && i < len(b.seqs); i++ {
			err = fn(b.seqs[i], b.out[i])
		}
		if err != nil {
			cancel()
		}
	}
	wg.Wait()
	if rerr := <-readErr; err == nil && rerr != nil {
		err = rerr
	}
	return err
}

// scan calls fn with every row of table changed after generation since, in seq
// order, then once with seq -1.
func (s *Store) scan(ctx context.Context, table string, since int64, fn func(seq int64, data []byte) error) error {
	query, args := `SELECT seq, data FROM `+table+` ORDER BY seq`, []any(nil)
	if since >= 0 { // all rows is the table in seq order, without the gen index
		// +seq: order by an expression, so that SQLite reads the few changed
		// rows through the gen index and sorts them, instead of walking the
		// whole table in seq order (1 s at 1M rows)
		query, args = s.q(`SELECT seq, data FROM `+table+` WHERE gen > ? ORDER BY +seq`), []any{since}
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("scan %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			seq  int64
			data []byte
		)
		if err := rows.Scan(&seq, &data); err != nil {
			return fmt.Errorf("scan %s: %w", table, err)
		}
		if err := fn(seq, data); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan %s: %w", table, err)
	}
	return fn(-1, nil)
}

// Enterprise returns the enterprise with id (or USCC) and its seq, or an error
// wrapping chainmatch.ErrNotFound.
func (s *Store) Enterprise(ctx context.Context, id string) (*chainmatch.Enterprise, int64, error) {
	var (
		seq  int64
		data []byte
	)
	err := s.db.QueryRowContext(ctx, s.q(`SELECT seq, data FROM enterprises WHERE id = ? OR uscc = ? ORDER BY seq LIMIT 1`), id, id).Scan(&seq, &data)
	if isNoRows(err) {
		return nil, 0, fmt.Errorf("enterprise %q: %w", id, chainmatch.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("enterprise %q: %w", id, err)
	}
	e := new(chainmatch.Enterprise)
	if err := json.Unmarshal(data, e); err != nil {
		return nil, 0, fmt.Errorf("enterprise %q: %w", id, err)
	}
	return e, seq, nil
}

// EnterpriseRecord is a stored enterprise with its seq.
type EnterpriseRecord struct {
	Seq        int64
	Enterprise *chainmatch.Enterprise
}

// EnterprisesByName returns the enterprises one of whose names is name, in seq
// order: compared normalised (chainmatch.NormalizeName) with each record's name,
// English name, aliases (a listed firm's short name, 曾用名, names other sources
// gave it) and their cores (chainmatch.NameCore: 美的集团 finds 美的集团股份有限公司).
// An empty name finds nothing.
func (s *Store) EnterprisesByName(ctx context.Context, name string) ([]EnterpriseRecord, error) {
	probe := &chainmatch.Enterprise{Name: name}
	var out []EnterpriseRecord
	seen := map[int64]bool{}
	for _, k := range probe.MatchKeys() {
		rows, err := s.db.QueryContext(ctx, s.q(`SELECT e.seq, e.data FROM enterprise_keys k JOIN enterprises e ON e.seq = k.seq WHERE k.key = ? ORDER BY e.seq`), k)
		if err != nil {
			return nil, fmt.Errorf("enterprises by name %q: %w", name, err)
		}
		for rows.Next() {
			var (
				seq  int64
				data []byte
			)
			if err := rows.Scan(&seq, &data); err != nil {
				rows.Close()
				return nil, fmt.Errorf("enterprises by name %q: %w", name, err)
			}
			if seen[seq] {
				continue
			}
			seen[seq] = true
			e := new(chainmatch.Enterprise)
			if err := json.Unmarshal(data, e); err != nil {
				rows.Close()
				return nil, fmt.Errorf("enterprises by name %q: seq %d: %w", name, seq, err)
			}
			out = append(out, EnterpriseRecord{Seq: seq, Enterprise: e})
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("enterprises by name %q: %w", name, err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}

// Talent returns the talent with id and its seq, or an error wrapping chainmatch.ErrNotFound.
func (s *Store) Talent(ctx context.Context, id string) (*chainmatch.Talent, int64, error) {
	var (
		seq  int64
		data []byte
	)
	err := s.db.QueryRowContext(ctx, s.q(`SELECT seq, data FROM talents WHERE id = ?`), id).Scan(&seq, &data)
	if isNoRows(err) {
		return nil, 0, fmt.Errorf("talent %q: %w", id, chainmatch.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("talent %q: %w", id, err)
	}
	t := new(chainmatch.Talent)
	if err := json.Unmarshal(data, t); err != nil {
		return nil, 0, fmt.Errorf("talent %q: %w", id, err)
	}
	return t, seq, nil
}
