package store

import (
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/chainmatch/chainmatch"
)

// Unavailable reports whether err means a dependency is not there rather than a
// bad request or a bug: the database down, unreachable, busy, full or read-only,
// or the disk full or read-only. The server answers these 503 with Retry-After.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, chainmatch.ErrUnavailable) || errors.Is(err, driver.ErrBadConn) {
		return true
	}
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EACCES, syscall.EPERM,
		syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.EPIPE, syscall.EHOSTUNREACH, syscall.ENETUNREACH} {
		if errors.Is(err, errno) {
			return true
		}
	}
	var (
		ne net.Error
		ce *pgconn.ConnectError
		pe *pgconn.PgError
	)
	if errors.As(err, &ne) || errors.As(err, &ce) {
		return true
	}
	if errors.As(err, &pe) {
		// 08: connection exception; 53: insufficient resources (disk full, out of
		// memory, too many connections); 57P: operator intervention (shutdown,
		// cannot connect now); 25006: read-only transaction.
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "53") ||
			strings.HasPrefix(pe.Code, "57P") || pe.Code == "25006"
	}
	msg := err.Error()
	for _, s := range []string{"database or disk is full", "readonly database", "read-only file system",
		"disk I/O error", "unable to open database file", "database is locked", "SQLITE_BUSY", "SQLITE_FULL",
		"SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR", "conn closed", "sql: database is closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
