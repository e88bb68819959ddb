package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migration is one numbered step of the schema. Statements use {{SERIAL}} for an
// auto-incrementing integer primary key; everything else is portable SQL.
type migration struct {
	version int
	name    string
	stmts   []string
}

// migrations lists every schema step in order. Never edit a released step: add one.
var migrations = []migration{
	{1, "records", []string{
		`CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)`,
		`INSERT INTO meta (key, value) VALUES ('generation', 0)`,
		`CREATE TABLE enterprises (
			seq {{SERIAL}},
			id TEXT NOT NULL UNIQUE,
			uscc TEXT UNIQUE,
			name_key TEXT NOT NULL,
			loc_key TEXT NOT NULL,
			data TEXT NOT NULL,
			hash TEXT NOT NULL,
			updated_at TEXT NOT NULL)`,
		`CREATE INDEX enterprises_name_loc ON enterprises (name_key, loc_key)`,
		`CREATE TABLE talents (
			seq {{SERIAL}},
			id TEXT NOT NULL UNIQUE,
			name_key TEXT NOT NULL,
			loc_key TEXT NOT NULL,
			data TEXT NOT NULL,
			hash TEXT NOT NULL,
			updated_at TEXT NOT NULL)`,
		`CREATE INDEX talents_name_loc ON talents (name_key, loc_key)`,
	}},
	{2, "workflow", []string{
		`CREATE TABLE target_lists (
			id TEXT PRIMARY KEY,
			name TEXT NOT NULL,
			county TEXT NOT NULL,
			chain TEXT NOT NULL,
			weights_name TEXT NOT NULL,
			weights_version BIGINT NOT NULL,
			filters TEXT NOT NULL,
			owner TEXT NOT NULL,
			created_by TEXT NOT NULL,
			created_at TEXT NOT NULL)`,
		`CREATE TABLE list_items (
			id {{SERIAL}},
			list_id TEXT NOT NULL REFERENCES target_lists (id) ON DELETE CASCADE,
			subject_kind TEXT NOT NULL,
			subject_id TEXT NOT NULL,
			subject TEXT NOT NULL,
			rank BIGINT NOT NULL,
			score DOUBLE PRECISION NOT NULL,
			node TEXT NOT NULL,
			node_name TEXT NOT NULL,
			contributions TEXT NOT NULL,
			unknown TEXT NOT NULL,
			reasons TEXT NOT NULL,
			channel TEXT NOT NULL,
			status TEXT NOT NULL,
			owner TEXT NOT NULL,
			notes TEXT NOT NULL,
			updated_by TEXT NOT NULL,
			updated_at TEXT NOT NULL,
			UNIQUE (list_id, subject_kind, subject_id))`,
		`CREATE TABLE item_history (
			id {{SERIAL}},
			item_id BIGINT NOT NULL REFERENCES list_items (id) ON DELETE CASCADE,
			from_status TEXT NOT NULL,
			to_status TEXT NOT NULL,
			changed_by TEXT NOT NULL,
			changed_at TEXT NOT NULL)`,
		`CREATE INDEX item_history_item ON item_history (item_id)`,
		`CREATE TABLE weights (
			name TEXT NOT NULL,
			version BIGINT NOT NULL,
			author TEXT NOT NULL,
			created_at TEXT NOT NULL,
			county TEXT NOT NULL,
			beta TEXT NOT NULL,
			gap TEXT NOT NULL,
			note TEXT NOT NULL,
			PRIMARY KEY (name, version))`,
		`CREATE TABLE outcomes (
			id {{SERIAL}},
			county TEXT NOT NULL,
			chain TEXT NOT NULL,
			subject_id TEXT NOT NULL,
			type TEXT NOT NULL,
			date TEXT NOT NULL,
			amount_wan DOUBLE PRECISION,
			source TEXT NOT NULL)`,
		`CREATE INDEX outcomes_county ON outcomes (county, chain)`,
		`CREATE TABLE users (
			id TEXT PRIMARY KEY,
			name TEXT NOT NULL UNIQUE,
			role TEXT NOT NULL,
			token_hash TEXT NOT NULL UNIQUE,
			created_at TEXT NOT NULL)`,
		`CREATE TABLE audit_log (
			id {{SERIAL}},
			who TEXT NOT NULL,
			what TEXT NOT NULL,
			entity TEXT NOT NULL,
			before_json TEXT NOT NULL,
			after_json TEXT NOT NULL,
			at TEXT NOT NULL)`,
		`CREATE INDEX audit_log_entity ON audit_log (entity)`,
	}},
	{3, "change generation", []string{
		// gen is the generation whose import last created or changed the row, so
		// derived data at an older generation can catch up with just those rows.
		`ALTER TABLE enterprises ADD COLUMN gen BIGINT NOT NULL DEFAULT 0`,
		`ALTER TABLE talents ADD COLUMN gen BIGINT NOT NULL DEFAULT 0`,
		`CREATE INDEX enterprises_gen ON enterprises (gen)`,
		`CREATE INDEX talents_gen ON talents (gen)`,
	}},
	{4, "enterprise match keys", []string{
		// The keys that link records of one firm across sources (chainmatch.Enterprise.
		// MatchKeys): "n:" and each normalised name, English name, alias and name core;
		// "t:" and the exchange and ticker. Records stored before get their name's key
		// here; their aliases and tickers are keyed when they are next imported.
		`CREATE TABLE enterprise_keys (key TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (key, seq))`,
		`CREATE INDEX enterprise_keys_seq ON enterprise_keys (seq)`,
		`INSERT INTO enterprise_keys (key, seq) SELECT 'n:' || name_key, seq FROM enterprises`,
	}},
}

// SchemaVersion is the version the code expects.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// migrate applies the missing migrations, all in one transaction. On PostgreSQL an
// advisory lock keeps concurrent instances from migrating at the same time.
func (s *Store) migrate(ctx context.Context) error {
	// Up to date? Then no write lock is needed (an import may hold it for minutes).
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err == nil && current == SchemaVersion() {
		return nil
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		if s.dialect == postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(72616)`); err != nil {
				return fmt.Errorf("migrate: lock: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var current int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if current > SchemaVersion() {
			return fmt.Errorf("migrate: database schema version %d is newer than this binary's %d", current, SchemaVersion())
		}
		for _, m := range migrations {
			if m.version <= current {
				continue
			}
			for i, stmt := range m.stmts {
				if _, err := tx.ExecContext(ctx, ddl(s.dialect, stmt)); err != nil {
					return fmt.Errorf("migrate: %d %s statement %d: %w", m.version, m.name, i, err)
				}
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
				m.version, m.name, formatTime(s.now())); err != nil {
				return fmt.Errorf("migrate: %d %s: %w", m.version, m.name, err)
			}
		}
		return nil
	})
}
