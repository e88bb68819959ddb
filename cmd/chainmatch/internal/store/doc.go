// Package store is the system of record: enterprises, talents, target lists, weight
// profiles, outcomes, users and the audit log, in SQLite (default) or PostgreSQL.
package store
