package store

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// Storage failures a write can meet. Both also count as Unavailable.
var (
	// ErrFull is a write stopped by a full disk or database: SQLite's SQLITE_FULL
	// (the disk, or the page limit of MaxPages), ENOSPC or EDQUOT from the file
	// system, PostgreSQL's 53100 disk_full. Nothing of the write is stored.
	ErrFull = errors.New("storage full")
	// ErrReadOnly is a write stopped because the database or its directory is
	// read-only: SQLITE_READONLY (a read-only file or mount, or QueryOnly), EROFS,
	// PostgreSQL's 25006 read_only_sql_transaction (a standby, or QueryOnly).
	ErrReadOnly = errors.New("storage read-only")
)

// Full reports whether err is a write that found no room: ErrFull, or the
// driver's or the file system's words for it.
func Full(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrFull) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "53100"
	}
	msg := err.Error()
	return strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "SQLITE_FULL") ||
		strings.Contains(msg, "no space left on device")
}

// ReadOnly reports whether err is a write refused by read-only storage:
// ErrReadOnly, or the driver's or the file system's words for it.
func ReadOnly(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrReadOnly) || errors.Is(err, syscall.EROFS) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "25006"
	}
	msg := err.Error()
	return strings.Contains(msg, "readonly database") || strings.Contains(msg, "SQLITE_READONLY") ||
		strings.Contains(msg, "read-only file system")
}

// storage marks err with ErrFull or ErrReadOnly when it is one of those, so that
// callers can test it with errors.Is.
func storage(err error) error {
	switch {
	case err == nil || errors.Is(err, ErrFull) || errors.Is(err, ErrReadOnly):
		return err
	case Full(err):
		return fmt.Errorf("%w: %w", ErrFull, err)
	case ReadOnly(err):
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	return err
}
