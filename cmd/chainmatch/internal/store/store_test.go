package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// backends opens a fresh store on SQLite and, when CHAINMATCH_TEST_POSTGRES names a
// PostgreSQL database, on a fresh schema there, and runs fn against each.
func backends(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		s, err := Open(context.Background(), t.TempDir(), "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
	url := os.Getenv("CHAINMATCH_TEST_POSTGRES")
	t.Run("postgres", func(t *testing.T) {
		if url == "" {
			t.Skip("CHAINMATCH_TEST_POSTGRES not set")
		}
		s := openPostgres(t, url)
		fn(t, s)
	})
}

// openPostgres opens a store in a new schema of the database at url, dropped at cleanup.
func openPostgres(t *testing.T, url string) *Store {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE") })
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	s, err := Open(ctx, "", url+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// validUSCC completes a synthetic USCC from its first 8 characters and an
// organisation code body with both check characters.
func validUSCC(head, org string) string {
	body := head + org + string(chainmatch.OrgCodeCheck(org))
	return body + string(chainmatch.USCCCheck(body))
}

func ptr[T any](v T) *T { return &v }

func TestRebind(t *testing.T) {
	cases := []struct{ name, in, pg string }{
		{"none", "SELECT 1", "SELECT 1"},
		{"two", "SELECT a FROM t WHERE a = ? AND b = ?", "SELECT a FROM t WHERE a = $1 AND b = $2"},
		{"quoted", "SELECT '?' FROM t WHERE a = ?", "SELECT '?' FROM t WHERE a = $1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := rebind(postgres, c.in); got != c.pg {
				t.Errorf("postgres: got %q, want %q", got, c.pg)
			}
			if got := rebind(sqlite, c.in); got != c.in {
				t.Errorf("sqlite: got %q, want it unchanged", got)
			}
		})
	}
}

func TestMigrateTwice(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		s, err := Open(ctx, dir, "")
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var v int
		if err := s.db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != SchemaVersion() {
			t.Errorf("open %d: schema version %d, want %d", i, v, SchemaVersion())
		}
		s.Close()
	}
}

func TestUpsertEnterprise(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		uscc := validUSCC("91331122", "MA2A0X12")
		type step struct {
			name   string
			e      chainmatch.Enterprise
			change Change
			seq    int64
			id     string
		}
		steps := []step{
			{"new with uscc", chainmatch.Enterprise{USCC: uscc, Name: "浙江创新（汽车）空调有限公司", County: "331122"}, Created, 1, uscc},
			{"same again", chainmatch.Enterprise{USCC: uscc, Name: "浙江创新（汽车）空调有限公司", County: "331122"}, Unchanged, 1, uscc},
			{"changed by uscc", chainmatch.Enterprise{USCC: uscc, Name: "浙江创新（汽车）空调有限公司", County: "331122", Employees: ptr(120)}, Updated, 1, uscc},
			{"new by name", chainmatch.Enterprise{Name: "缙云 县 某 机械厂", County: "331122"}, Created, 2, ""},
			{"same name folded, new spelling stored", chainmatch.Enterprise{Name: "缙云县某机械厂", County: "331122"}, Updated, 2, ""},
			{"same spelling again", chainmatch.Enterprise{Name: "缙云县某机械厂", County: "331122"}, Unchanged, 2, ""},
			{"same name elsewhere", chainmatch.Enterprise{Name: "缙云县某机械厂", County: "331124"}, Created, 3, ""},
			{"name match without uscc keeps it", chainmatch.Enterprise{Name: "浙江创新(汽车)空调有限公司", County: "331122", Employees: ptr(120)}, Updated, 1, uscc},
			{"city only", chainmatch.Enterprise{Name: "丽水某公司", City: "331100"}, Created, 4, ""},
			{"city only updated", chainmatch.Enterprise{Name: "丽水某公司", City: "331100", Scope: "电动车"}, Updated, 4, ""},
		}
		ids := map[int64]string{}
		for _, st := range steps {
			var res UpsertResult
			e := st.e
			err := s.Import(ctx, func(tx *ImportTx) error {
				var err error
				res, err = tx.UpsertEnterprise(ctx, &e)
				return err
			})
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if res.Change != st.change || res.Seq != st.seq {
				t.Errorf("%s: got %v seq %d, want %v seq %d", st.name, res.Change, res.Seq, st.change, st.seq)
			}
			if st.id != "" && res.ID != st.id {
				t.Errorf("%s: id %q, want %q", st.name, res.ID, st.id)
			}
			if res.ID == "" || e.ID != res.ID {
				t.Errorf("%s: id %q, record id %q", st.name, res.ID, e.ID)
			}
			if prev, ok := ids[res.Seq]; ok && prev != res.ID {
				t.Errorf("%s: seq %d changed id from %q to %q", st.name, res.Seq, prev, res.ID)
			}
			ids[res.Seq] = res.ID
		}
		got, seq, err := s.Enterprise(ctx, uscc)
		if err != nil {
			t.Fatal(err)
		}
		if seq != 1 || got.Employees == nil || *got.Employees != 120 || got.USCC != uscc {
			t.Errorf("enterprise: seq %d %+v", seq, got)
		}
		if _, _, err := s.Enterprise(ctx, "nope"); !errors.Is(err, chainmatch.ErrNotFound) {
			t.Errorf("missing enterprise: %v, want ErrNotFound", err)
		}
		ne, nt, err := s.Counts(ctx)
		if err != nil || ne != 4 || nt != 0 {
			t.Errorf("counts %d %d %v, want 4 0", ne, nt, err)
		}
	})
}

func TestImportAtomicAndGeneration(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		gen := func() int64 {
			g, err := s.Generation(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return g
		}
		if g := gen(); g != 0 {
			t.Fatalf("fresh generation %d", g)
		}
		boom := errors.New("boom")
		err := s.Import(ctx, func(tx *ImportTx) error {
			for i := 0; i < 10; i++ {
				if _, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{Name: fmt.Sprintf("甲%d", i)}); err != nil {
					return err
				}
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("import: %v", err)
		}
		if n, _, _ := s.Counts(ctx); n != 0 || gen() != 0 {
			t.Fatalf("failed import left %d records, generation %d", n, gen())
		}
		load := func() {
			err := s.Import(ctx, func(tx *ImportTx) error {
				for i := 0; i < 10; i++ {
					if _, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{Name: fmt.Sprintf("甲%d", i)}); err != nil {
						return err
					}
					if _, err := tx.UpsertTalent(ctx, &chainmatch.Talent{Name: fmt.Sprintf("张%d", i), Institution: "浙江大学"}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		load()
		if gen() != 1 {
			t.Errorf("generation %d after first import, want 1", gen())
		}
		load()
		if gen() != 1 {
			t.Errorf("generation %d after unchanged import, want 1", gen())
		}
		var seqs []int64
		var names []string
		err = s.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error {
			seqs = append(seqs, seq)
			names = append(names, e.Name)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, seq := range seqs {
			if seq != int64(i+1) || names[i] != fmt.Sprintf("甲%d", i) {
				t.Errorf("row %d: seq %d name %s", i, seq, names[i])
			}
		}
		var tn int
		err = s.Talents(ctx, func(seq int64, tl *chainmatch.Talent) error {
			tn++
			if seq != int64(tn) || tl.Kind != chainmatch.KindTalent || !strings.HasPrefix(tl.ID, "t-") {
				t.Errorf("talent %d: seq %d %+v", tn, seq, tl)
			}
			return nil
		})
		if err != nil || tn != 10 {
			t.Errorf("talents %d %v", tn, err)
		}
		tl, _, err := s.Talent(ctx, "nope")
		if !errors.Is(err, chainmatch.ErrNotFound) || tl != nil {
			t.Errorf("missing talent: %v", err)
		}
	})
}

func TestUpsertTalentByID(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var results []UpsertResult
		for _, tl := range []chainmatch.Talent{
			{ID: "x1", Name: "李四", Institution: "A"},
			{ID: "x1", Name: "李四", Institution: "B"},
			{Name: "李四", Institution: "A"},
		} {
			err := s.Import(ctx, func(tx *ImportTx) error {
				r, err := tx.UpsertTalent(ctx, &tl)
				results = append(results, r)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		want := []Change{Created, Updated, Created}
		for i, r := range results {
			if r.Change != want[i] {
				t.Errorf("step %d: %v, want %v", i, r.Change, want[i])
			}
		}
		if results[0].ID != "x1" || results[1].Seq != results[0].Seq || results[2].Seq == results[0].Seq {
			t.Errorf("results %+v", results)
		}
	})
}

func TestStreamOrderAndStop(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 3*scanBatchSize + 17
	importSynthetic(t, s, n)
	var next int64 = 1
	err = s.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error {
		if seq != next || e.Name != syntheticEnterprise(int(seq-1)).Name {
			t.Fatalf("seq %d (%s), want %d", seq, e.Name, next)
		}
		next++
		return nil
	})
	if err != nil || next != n+1 {
		t.Fatalf("streamed to %d: %v", next, err)
	}
	stop := errors.New("stop")
	calls := 0
	err = s.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error {
		calls++
		if seq == 300 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 300 {
		t.Errorf("stop: %v after %d calls", err, calls)
	}
	cctx, cancel := context.WithCancel(ctx)
	err = s.Enterprises(cctx, func(seq int64, e *chainmatch.Enterprise) error {
		if seq == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled scan: %v", err)
	}
}

// TestBusyIsUnavailable holds SQLite's write lock in an import while another write
// waits out the busy timeout: the waiting write fails with ErrUnavailable.
func TestBusyIsUnavailable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.Import(ctx, func(tx *ImportTx) error {
			if _, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{Name: "甲"}); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	other, err := Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.db.SetMaxOpenConns(1) // one connection, so the pragma below holds for the write
	if _, err := other.db.Exec(`PRAGMA busy_timeout = 50`); err != nil {
		t.Fatal(err)
	}
	err = other.AddOutcome(ctx, &chainmatch.Outcome{County: "331122", SubjectID: "x", Type: chainmatch.StatusVisited, Date: "2026-11-20"})
	close(release)
	if !errors.Is(err, chainmatch.ErrUnavailable) {
		t.Errorf("write during an import: %v, want ErrUnavailable", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestLookupPlans checks that SQLite answers every upsert lookup through an index
// made for it: a lookup that scans makes a large import quadratic.
func TestLookupPlans(t *testing.T) {
	s, err := Open(context.Background(), t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases := []struct{ name, query, index string }{
		{"by uscc", qEnterpriseByUSCC, "sqlite_autoindex_enterprises_2"},
		{"by id", qEnterpriseByID, "sqlite_autoindex_enterprises_1"},
		{"by name without uscc", qEnterpriseByNameNoUSCC, "enterprises_name_loc"},
		{"by name", qEnterpriseByName, "enterprises_name_loc"},
		{"talent by id", qTalentByID, "sqlite_autoindex_talents_1"},
		{"talent by name", qTalentByName, "talents_name_loc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := s.db.Query(`EXPLAIN QUERY PLAN `+c.query, "a", "b")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			joined := strings.Join(plan, "; ")
			if !strings.Contains(joined, "INDEX "+c.index) || strings.Contains(joined, "SCAN") {
				t.Errorf("plan %q, want a search through %s", joined, c.index)
			}
		})
	}
}

// TestRecordsSince checks that each record carries the generation of the import
// that last created or changed it, so the Since scans return what changed.
func TestRecordsSince(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		put := func(names ...string) {
			t.Helper()
			err := s.Import(ctx, func(tx *ImportTx) error {
				for _, n := range names {
					name, scope, _ := strings.Cut(n, ":")
					if _, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{Name: name, Scope: scope, County: "331122"}); err != nil {
						return err
					}
				}
				first, _, _ := strings.Cut(names[0], ":")
				_, err := tx.UpsertTalent(ctx, &chainmatch.Talent{Name: "张" + first, Institution: "浙江大学"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		since := func(gen int64) (ents, tals []string) {
			t.Helper()
			if err := s.EnterprisesSince(ctx, gen, func(_ int64, e *chainmatch.Enterprise) error {
				ents = append(ents, e.Name)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if err := s.TalentsSince(ctx, gen, func(_ int64, tl *chainmatch.Talent) error {
				tals = append(tals, tl.Name)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return ents, tals
		}
		put("甲:电动车", "乙:电机")  // generation 1
		put("乙:轮毂电机", "丙:车架") // generation 2: 乙 changed, 丙 new, 甲 untouched
		put("甲:电动车")          // nothing changes: still generation 2
		tests := []struct {
			gen        int64
			ents, tals string
		}{
			{-1, "甲,乙,丙", "张甲,张乙"},
			{0, "甲,乙,丙", "张甲,张乙"},
			{1, "乙,丙", "张乙"},
			{2, "", ""},
			{3, "", ""},
		}
		for _, tt := range tests {
			ents, tals := since(tt.gen)
			if strings.Join(ents, ",") != tt.ents || strings.Join(tals, ",") != tt.tals {
				t.Errorf("since %d: enterprises %v, talents %v; want %s / %s", tt.gen, ents, tals, tt.ents, tt.tals)
			}
		}
		if g, _ := s.Generation(ctx); g != 2 {
			t.Errorf("generation %d, want 2 (the third import changed nothing)", g)
		}
	})
}
