package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/chainmatch/chainmatch"
)

// importFirms imports n firms named after prefix in one transaction.
func importFirms(ctx context.Context, s *Store, prefix string, n int) error {
	return s.Import(ctx, func(tx *ImportTx) error {
		for i := range n {
			e := &chainmatch.Enterprise{Name: fmt.Sprintf("%s%05d电机有限公司", prefix, i), County: "331122",
				Scope: strings.Repeat("电动机、发电机及发电机组制造；", 20)}
			if _, err := tx.UpsertEnterprise(ctx, e); err != nil {
				return fmt.Errorf("firm %d: %w", i, err)
			}
		}
		return nil
	})
}

// state is what a reader of the store sees: the generation and the counts.
func state(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	gen, err := s.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ne, nt, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("generation %d, %d enterprises, %d talents", gen, ne, nt)
}

// TestStoreFullAndReadOnly meets SQLite's own limits: a database capped by
// MaxPages fills up with the genuine SQLITE_FULL, and one opened QueryOnly
// refuses writes with SQLITE_READONLY. Each failed write is ErrFull or
// ErrReadOnly (and Unavailable), stores nothing, and leaves the store usable.
func TestStoreFullAndReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := importFirms(ctx, s, "缙云", 20); err != nil {
		t.Fatal(err)
	}
	s.Close()

	t.Run("full", func(t *testing.T) {
		s, err := Open(ctx, dir, "", MaxPages(200)) // 800 KiB: room for the schema and a few hundred firms
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		before := state(t, s)
		err = importFirms(ctx, s, "丽水", 5000)
		if !errors.Is(err, ErrFull) || !Full(err) || ReadOnly(err) || !Unavailable(err) {
			t.Fatalf("import past the page limit: %v; want ErrFull", err)
		}
		t.Logf("import past the page limit: %v", err)
		if !strings.Contains(err.Error(), "full") {
			t.Errorf("the error does not say the storage is full: %v", err)
		}
		if got := state(t, s); got != before {
			t.Fatalf("after a full disk: %s, want %s (nothing stored)", got, before)
		}
		if _, _, err := s.AddUser(ctx, "临时用户", "viewer", "test"); err != nil {
			t.Errorf("a small write after the failed import: %v", err) // room is left: the import rolled back
		}
	})

	t.Run("read-only", func(t *testing.T) {
		s, err := Open(ctx, dir, "", QueryOnly())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		before := state(t, s)
		for name, write := range map[string]func() error{
			"import":   func() error { return importFirms(ctx, s, "青田", 10) },
			"add user": func() error { _, _, err := s.AddUser(ctx, "只读用户", "viewer", "test"); return err },
		} {
			err := write()
			t.Logf("%s on a read-only store: %v", name, err)
			if !errors.Is(err, ErrReadOnly) || !ReadOnly(err) || Full(err) || !Unavailable(err) {
				t.Errorf("%s on a read-only store: %v; want ErrReadOnly", name, err)
			}
		}
		if got := state(t, s); got != before {
			t.Fatalf("after refused writes: %s, want %s", got, before)
		}
	})

	t.Run("writable again", func(t *testing.T) {
		s, err := Open(ctx, dir, "")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := importFirms(ctx, s, "青田", 10); err != nil {
			t.Fatal(err)
		}
		if got, want := state(t, s), "generation 2, 30 enterprises, 0 talents"; got != want {
			t.Errorf("after the storage came back: %s, want %s", got, want)
		}
	})
}

func TestFullAndReadOnlyWords(t *testing.T) {
	cases := []struct {
		name           string
		err            error
		full, readOnly bool
	}{
		{"nil", nil, false, false},
		{"sentinel full", fmt.Errorf("import: %w", ErrFull), true, false},
		{"sentinel read-only", fmt.Errorf("import: %w", ErrReadOnly), false, true},
		{"ENOSPC", fmt.Errorf("write upload: %w", syscall.ENOSPC), true, false},
		{"EDQUOT", syscall.EDQUOT, true, false},
		{"EROFS", fmt.Errorf("open: %w", syscall.EROFS), false, true},
		{"sqlite full", errors.New("database or disk is full (13)"), true, false},
		{"sqlite read-only", errors.New("attempt to write a readonly database (8)"), false, true},
		{"postgres disk full", &pgconn.PgError{Code: "53100"}, true, false},
		{"postgres read-only", &pgconn.PgError{Code: "25006"}, false, true},
		{"postgres other", &pgconn.PgError{Code: "23505"}, false, false},
		{"not found", chainmatch.ErrNotFound, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Full(c.err); got != c.full {
				t.Errorf("Full = %v, want %v", got, c.full)
			}
			if got := ReadOnly(c.err); got != c.readOnly {
				t.Errorf("ReadOnly = %v, want %v", got, c.readOnly)
			}
		})
	}
}
