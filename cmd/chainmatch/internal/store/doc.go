// Package store owns the system of record: enterprises, talents, target lists, weight
// profiles, outcomes, users and the audit log, in SQLite (default) or PostgreSQL.
// The rules it enforces (roles, status transitions, weight validation) live in
// package chainmatch.
package store
