package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// SaveWeights stores w as the next version of its profile (1 for a new name),
// setting w.Version and w.CreatedAt, and records the previous and new version in
// the audit log under w.Author.
func (s *Store) SaveWeights(ctx context.Context, w *chainmatch.Weights) error {
	if fe := checkText("", w); fe != nil {
		return fmt.Errorf("save weights: %w", fe)
	}
	if err := w.Validate(); err != nil {
		return fmt.Errorf("save weights: %w", err)
	}
	if w.Beta == nil {
		w.Beta = map[string]float64{}
	}
	if w.Gap == nil {
		w.Gap = map[string]float64{}
	}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var prev *chainmatch.Weights
		p, err := s.weights(ctx, tx, w.Name, 0)
		switch {
		case err == nil:
			prev = p
			w.Version = p.Version + 1
		case isNotFound(err):
			w.Version = 1
		default:
			return err
		}
		w.CreatedAt = s.now()
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO weights (name, version, author, created_at, county, beta, gap, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
			w.Name, w.Version, w.Author, formatTime(w.CreatedAt), w.County, mustJSON(w.Beta), mustJSON(w.Gap), w.Note)
		if isUniqueViolation(err) {
			return fmt.Errorf("weights %s version %d saved concurrently: %w", w.Name, w.Version, chainmatch.ErrConflict)
		}
		if err != nil {
			return err
		}
		var before any
		if prev != nil {
			before = prev
		}
		return s.audit(ctx, tx, w.Author, "weights.save", "weights/"+w.Name, before, w)
	})
	if err != nil {
		return fmt.Errorf("save weights %q: %w", w.Name, err)
	}
	return nil
}

// Weights returns a version of a profile; version 0 means the latest.
func (s *Store) Weights(ctx context.Context, name string, version int) (*chainmatch.Weights, error) {
	w, err := s.weights(ctx, s.db, name, version)
	if err != nil {
		return nil, fmt.Errorf("weights %q: %w", name, err)
	}
	return w, nil
}

const weightCols = `name, version, author, created_at, county, beta, gap, note`

func scanWeights(r rowScanner) (*chainmatch.Weights, error) {
	var w chainmatch.Weights
	var created, beta, gap string
	if err := r.Scan(&w.Name, &w.Version, &w.Author, &created, &w.County, &beta, &gap, &w.Note); err != nil {
		return nil, err
	}
	w.CreatedAt = parseTime(created)
	if err := json.Unmarshal([]byte(beta), &w.Beta); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(gap), &w.Gap); err != nil {
		return nil, err
	}
	return &w, nil
}

func (s *Store) weights(ctx context.Context, q queryer, name string, version int) (*chainmatch.Weights, error) {
	var row *sql.Row
	if version > 0 {
		row = q.QueryRowContext(ctx, s.q(`SELECT `+weightCols+` FROM weights WHERE name = ? AND version = ?`), name, version)
	} else {
		row = q.QueryRowContext(ctx, s.q(`SELECT `+weightCols+` FROM weights WHERE name = ? ORDER BY version DESC LIMIT 1`), name)
	}
	w, err := scanWeights(row)
	if isNoRows(err) {
		return nil, fmt.Errorf("version %d: %w", version, chainmatch.ErrNotFound)
	}
	return w, err
}

// WeightProfiles returns every stored version of every profile, by name and version.
func (s *Store) WeightProfiles(ctx context.Context) ([]chainmatch.Weights, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+weightCols+` FROM weights ORDER BY name, version`)
	if err != nil {
		return nil, fmt.Errorf("weight profiles: %w", err)
	}
	defer rows.Close()
	out := []chainmatch.Weights{}
	for rows.Next() {
		w, err := scanWeights(rows)
		if err != nil {
			return nil, fmt.Errorf("weight profiles: %w", err)
		}
		out = append(out, *w)
	}
	return out, rows.Err()
}

// AddOutcome records a dated outcome.
func (s *Store) AddOutcome(ctx context.Context, o *chainmatch.Outcome) error {
	if fe := checkText("", o); fe != nil {
		return fmt.Errorf("add outcome: %w", fe)
	}
	if err := o.Validate(); err != nil {
		return fmt.Errorf("add outcome: %w", err)
	}
	if o.SubjectID == "" {
		return fmt.Errorf("add outcome: %w", chainmatch.FieldErrors{"subject_id": "required"})
	}
	return s.withTx(ctx, func(tx *sql.Tx) error { return s.addOutcome(ctx, tx, o) })
}

func (s *Store) addOutcome(ctx context.Context, tx *sql.Tx, o *chainmatch.Outcome) error {
	var amount sql.NullFloat64
	if o.AmountWan != nil {
		amount = sql.NullFloat64{Float64: *o.AmountWan, Valid: true}
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO outcomes (county, chain, subject_id, type, date, amount_wan, source) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		o.County, o.Chain, o.SubjectID, string(o.Type), o.Date, amount, o.Source)
	if err != nil {
		return fmt.Errorf("add outcome: %w", err)
	}
	return nil
}

// Outcomes returns the recorded outcomes of a county (all counties when county is
// empty) in the order they were recorded.
func (s *Store) Outcomes(ctx context.Context, county string) ([]chainmatch.Outcome, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT county, chain, subject_id, type, date, amount_wan, source FROM outcomes WHERE ? = '' OR county = ? ORDER BY id`), county, county)
	if err != nil {
		return nil, fmt.Errorf("outcomes: %w", err)
	}
	defer rows.Close()
	out := []chainmatch.Outcome{}
	for rows.Next() {
		var o chainmatch.Outcome
		var typ string
		var amount sql.NullFloat64
		if err := rows.Scan(&o.County, &o.Chain, &o.SubjectID, &typ, &o.Date, &amount, &o.Source); err != nil {
			return nil, fmt.Errorf("outcomes: %w", err)
		}
		o.Type = chainmatch.Status(typ)
		if amount.Valid {
			o.AmountWan = &amount.Float64
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// User is an API user. Only a hash of the token is stored.
type User struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// TokenHash is the stored form of a token: hex SHA-256.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AddUser creates a user with a new random token, returned once and stored only as
// its hash. A taken name is a conflict.
func (s *Store) AddUser(ctx context.Context, name, role, by string) (*User, string, error) {
	fe := chainmatch.FieldErrors{}
	if msg := TextError(name); msg != "" {
		fe.Add("name", msg)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		fe.Add("name", "required")
	}
	if !chainmatch.ValidRole(role) {
		fe.Add("role", fmt.Sprintf("%q is not one of %s", role, strings.Join(chainmatch.Roles, ", ")))
	}
	if err := fe.Err(); err != nil {
		return nil, "", fmt.Errorf("add user: %w", err)
	}
	b := make([]byte, 20)
	rand.Read(b)
	token := "cm_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	u := &User{ID: newID("u-"), Name: name, Role: role, CreatedAt: s.now()}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO users (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`),
			u.ID, u.Name, u.Role, TokenHash(token), formatTime(u.CreatedAt))
		if isUniqueViolation(err) {
			return fmt.Errorf("user %q exists: %w", name, chainmatch.ErrConflict)
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "user.add", "user/"+u.Name, nil, u)
	})
	if err != nil {
		return nil, "", fmt.Errorf("add user: %w", err)
	}
	return u, token, nil
}

// UserByToken returns the user holding token, or an error wrapping
// chainmatch.ErrNotFound.
func (s *Store) UserByToken(ctx context.Context, token string) (*User, error) {
	var u User
	var created string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, name, role, created_at FROM users WHERE token_hash = ?`), TokenHash(token)).
		Scan(&u.ID, &u.Name, &u.Role, &created)
	if isNoRows(err) {
		return nil, fmt.Errorf("token: %w", chainmatch.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// Users returns every user by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, role, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		var u User
		var created string
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &created); err != nil {
			return nil, fmt.Errorf("users: %w", err)
		}
		u.CreatedAt = parseTime(created)
		out = append(out, u)
	}
	return out, rows.Err()
}

// DeleteUser removes a user by name; the token stops working at once.
func (s *Store) DeleteUser(ctx context.Context, name, by string) error {
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM users WHERE name = ?`), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %q: %w", name, chainmatch.ErrNotFound)
		}
		return s.audit(ctx, tx, by, "user.delete", "user/"+name, map[string]string{"name": name}, nil)
	})
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	return nil
}

// AuditEntry is one recorded change: who changed which entity, when, and the
// entity before and after (null when it did not exist).
type AuditEntry struct {
	ID     int64           `json:"id"`
	Who    string          `json:"who"`
	What   string          `json:"what"`
	Entity string          `json:"entity"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
	At     time.Time       `json:"at"`
}

func (s *Store) audit(ctx context.Context, tx *sql.Tx, who, what, entity string, before, after any) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit_log (who, what, entity, before_json, after_json, at) VALUES (?, ?, ?, ?, ?, ?)`),
		who, what, entity, mustJSON(before), mustJSON(after), formatTime(s.now()))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Audit returns the newest entries (at most limit) whose entity starts with prefix,
// newest first.
func (s *Store) Audit(ctx context.Context, prefix string, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, who, what, entity, before_json, after_json, at FROM audit_log
		WHERE substr(entity, 1, ?) = ? ORDER BY id DESC LIMIT ?`), utf8.RuneCountInString(prefix), prefix, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var a AuditEntry
		var before, after, at string
		if err := rows.Scan(&a.ID, &a.Who, &a.What, &a.Entity, &before, &after, &at); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		a.Before, a.After, a.At = json.RawMessage(before), json.RawMessage(after), parseTime(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
