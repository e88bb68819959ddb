package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chainmatch/chainmatch"
)

// List is a target list: the result of a match a county works through.
type List struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	County         string          `json:"county"`
	Chain          string          `json:"chain"`
	WeightsName    string          `json:"weights_name"`
	WeightsVersion int             `json:"weights_version"`
	Filters        json.RawMessage `json:"filters,omitempty"`
	Owner          string          `json:"owner,omitempty"`
	CreatedBy      string          `json:"created_by"`
	CreatedAt      time.Time       `json:"created_at"`
	Items          []Item          `json:"items"`
}

// Item is one target on a list and where the county stands with it.
type Item struct {
	ID        int64             `json:"id"`
	ListID    string            `json:"list_id"`
	Kind      string            `json:"kind"` // enterprise or talent
	SubjectID string            `json:"subject_id"`
	Target    chainmatch.Target `json:"target"`
	Status    chainmatch.Status `json:"status"`
	Owner     string            `json:"owner,omitempty"`
	Notes     string            `json:"notes,omitempty"`
	UpdatedBy string            `json:"updated_by"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// StatusChange is one step of an item through the workflow.
type StatusChange struct {
	From chainmatch.Status `json:"from"`
	To   chainmatch.Status `json:"to"`
	By   string            `json:"by"`
	At   time.Time         `json:"at"`
}

func newID(prefix string) string {
	b := make([]byte, 8)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func subjectOf(t *chainmatch.Target) (kind, id string, summary any, err error) {
	switch {
	case t.Enterprise != nil && t.Enterprise.ID != "":
		return chainmatch.KindEnterprise, t.Enterprise.ID, t.Enterprise, nil
	case t.Talent != nil && t.Talent.ID != "":
		return chainmatch.KindTalent, t.Talent.ID, t.Talent, nil
	}
	return "", "", nil, chainmatch.FieldErrors{"target": "names neither an enterprise nor a talent with an id"}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: marshal %T: %v", v, err)) // only plain data is marshalled
	}
	return string(b)
}

// CreateList stores l with its items (each a candidate), assigning l.ID and
// l.CreatedAt, and records who created it in the audit log.
func (s *Store) CreateList(ctx context.Context, l *List, by string) error {
	fe := chainmatch.FieldErrors{}
	for k, v := range checkText("", l) {
		fe.Add(k, v)
	}
	if strings.TrimSpace(l.Name) == "" {
		fe.Add("name", "required")
	}
	if l.County == "" {
		fe.Add("county", "required")
	}
	if l.Chain == "" {
		fe.Add("chain", "required")
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("create list: %w", err)
	}
	l.ID = newID("l-")
	l.CreatedBy = by
	l.CreatedAt = s.now()
	if len(l.Filters) == 0 {
		l.Filters = json.RawMessage("{}")
	}
	targets := make([]chainmatch.Target, len(l.Items))
	for i := range l.Items {
		targets[i] = l.Items[i].Target
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO target_lists (id, name, county, chain, weights_name, weights_version, filters, owner, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			l.ID, l.Name, l.County, l.Chain, l.WeightsName, l.WeightsVersion, string(l.Filters), l.Owner, by, formatTime(l.CreatedAt))
		if err != nil {
			return fmt.Errorf("create list: %w", err)
		}
		items, err := s.addItems(ctx, tx, l.ID, targets, by)
		if err != nil {
			return fmt.Errorf("create list: %w", err)
		}
		l.Items = items
		head := *l
		head.Items = nil
		return s.audit(ctx, tx, by, "list.create", "list/"+l.ID, nil, map[string]any{"list": head, "items": len(items)})
	})
}

// AddItems appends targets to a list as candidates. A subject already on the list
// is a conflict.
func (s *Store) AddItems(ctx context.Context, listID string, targets []chainmatch.Target, by string) ([]Item, error) {
	var items []Item
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if err := listExists(ctx, s, tx, listID); err != nil {
			return err
		}
		var err error
		if items, err = s.addItems(ctx, tx, listID, targets, by); err != nil {
			return err
		}
		ids := make([]string, len(items))
		for i, it := range items {
			ids[i] = it.SubjectID
		}
		return s.audit(ctx, tx, by, "list.add_items", "list/"+listID, nil, ids)
	})
	if err != nil {
		return nil, fmt.Errorf("add items to list %s: %w", listID, err)
	}
	return items, nil
}

func listExists(ctx context.Context, s *Store, tx *sql.Tx, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM target_lists WHERE id = ?`), id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("list %s: %w", id, chainmatch.ErrNotFound)
	}
	return nil
}

func (s *Store) addItems(ctx context.Context, tx *sql.Tx, listID string, targets []chainmatch.Target, by string) ([]Item, error) {
	var rank int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COALESCE(MAX(rank), 0) FROM list_items WHERE list_id = ?`), listID).Scan(&rank); err != nil {
		return nil, err
	}
	st, err := tx.PrepareContext(ctx, s.q(`INSERT INTO list_items (list_id, subject_kind, subject_id, subject, rank, score, node, node_name,
		contributions, unknown, reasons, channel, status, owner, notes, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?) RETURNING id`))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	now := s.now()
	items := make([]Item, 0, len(targets))
	seen := map[string]bool{}
	for i, t := range targets {
		kind, id, summary, err := subjectOf(&t)
		if err != nil {
			return nil, fmt.Errorf("targets[%d]: %w", i, err)
		}
		if seen[kind+"/"+id] {
			return nil, fmt.Errorf("targets[%d]: %s %s given twice: %w", i, kind, id, chainmatch.ErrConflict)
		}
		seen[kind+"/"+id] = true
		if t.Rank <= 0 {
			rank++
			t.Rank = rank
		} else if t.Rank > rank {
			rank = t.Rank
		}
		if t.Contributions == nil {
			t.Contributions = map[string]float64{}
		}
		var itemID int64
		err = st.QueryRowContext(ctx, listID, kind, id, mustJSON(summary), t.Rank, t.Score, t.Node, t.NodeName,
			mustJSON(t.Contributions), mustJSON(t.Unknown), mustJSON(t.Reasons), mustJSON(t.Channel),
			string(chainmatch.StatusCandidate), by, formatTime(now)).Scan(&itemID)
		if isUniqueViolation(err) {
			return nil, fmt.Errorf("%s %s is already on list %s: %w", kind, id, listID, chainmatch.ErrConflict)
		}
		if err != nil {
			return nil, err
		}
		items = append(items, Item{ID: itemID, ListID: listID, Kind: kind, SubjectID: id, Target: t,
			Status: chainmatch.StatusCandidate, UpdatedBy: by, UpdatedAt: now})
	}
	return items, nil
}

// RemoveItem deletes an item (and its history) from a list.
func (s *Store) RemoveItem(ctx context.Context, listID string, itemID int64, by string) error {
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		before, err := s.item(ctx, tx, listID, itemID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM list_items WHERE id = ? AND list_id = ?`), itemID, listID); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "item.remove", fmt.Sprintf("list/%s/item/%d", listID, itemID), before, nil)
	})
	if err != nil {
		return fmt.Errorf("remove item %d from list %s: %w", itemID, listID, err)
	}
	return nil
}

// ItemUpdate changes the fields that are not nil.
type ItemUpdate struct {
	Status *chainmatch.Status `json:"status,omitempty"`
	Owner  *string            `json:"owner,omitempty"`
	Notes  *string            `json:"notes,omitempty"`
}

// UpdateItem applies u to an item. A status change must be allowed by CanTransition
// (else the error wraps chainmatch.ErrConflict); it is recorded in the item's
// history and, for every status but candidate, as an outcome of the list's county
// and chain dated today. The audit log gets the item before and after.
func (s *Store) UpdateItem(ctx context.Context, listID string, itemID int64, u ItemUpdate, by string) (*Item, error) {
	if fe := checkText("", u); fe != nil {
		return nil, fmt.Errorf("update item %d: %w", itemID, fe)
	}
	if u.Status != nil && !chainmatch.ValidStatus(*u.Status) {
		return nil, fmt.Errorf("update item %d: %w", itemID, chainmatch.FieldErrors{"status": fmt.Sprintf("%q is not a status", *u.Status)})
	}
	var after *Item
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		before, err := s.item(ctx, tx, listID, itemID)
		if err != nil {
			return err
		}
		it := *before
		now := s.now()
		if u.Status != nil && *u.Status != before.Status {
			if !chainmatch.CanTransition(before.Status, *u.Status) {
				return fmt.Errorf("status %s cannot become %s: %w", before.Status, *u.Status, chainmatch.ErrConflict)
			}
			it.Status = *u.Status
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO item_history (item_id, from_status, to_status, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)`),
				itemID, string(before.Status), string(it.Status), by, formatTime(now)); err != nil {
				return err
			}
			if it.Status != chainmatch.StatusCandidate {
				var county, chain string
				if err := tx.QueryRowContext(ctx, s.q(`SELECT county, chain FROM target_lists WHERE id = ?`), listID).Scan(&county, &chain); err != nil {
					return err
				}
				o := chainmatch.Outcome{County: county, Chain: chain, SubjectID: it.SubjectID, Type: it.Status,
					Date: now.Format("2006-01-02"), Source: "list " + listID + " by " + by}
				if err := s.addOutcome(ctx, tx, &o); err != nil {
					return err
				}
			}
		}
		if u.Owner != nil {
			it.Owner = *u.Owner
		}
		if u.Notes != nil {
			it.Notes = *u.Notes
		}
		if it.Status == before.Status && it.Owner == before.Owner && it.Notes == before.Notes {
			after = before
			return nil
		}
		it.UpdatedBy, it.UpdatedAt = by, now
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE list_items SET status = ?, owner = ?, notes = ?, updated_by = ?, updated_at = ? WHERE id = ?`),
			string(it.Status), it.Owner, it.Notes, by, formatTime(now), itemID); err != nil {
			return err
		}
		after = &it
		return s.audit(ctx, tx, by, "item.update", fmt.Sprintf("list/%s/item/%d", listID, itemID),
			itemState(before), itemState(&it))
	})
	if err != nil {
		return nil, fmt.Errorf("update item %d of list %s: %w", itemID, listID, err)
	}
	return after, nil
}

func itemState(it *Item) map[string]string {
	return map[string]string{"status": string(it.Status), "owner": it.Owner, "notes": it.Notes}
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const itemCols = `id, list_id, subject_kind, subject_id, subject, rank, score, node, node_name, contributions, unknown, reasons, channel, status, owner, notes, updated_by, updated_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanItem(r rowScanner) (*Item, error) {
	var (
		it                                                        Item
		subject, contributions, unknown, reasons, channel, status string
		updatedAt                                                 string
	)
	err := r.Scan(&it.ID, &it.ListID, &it.Kind, &it.SubjectID, &subject, &it.Target.Rank, &it.Target.Score,
		&it.Target.Node, &it.Target.NodeName, &contributions, &unknown, &reasons, &channel, &status,
		&it.Owner, &it.Notes, &it.UpdatedBy, &updatedAt)
	if err != nil {
		return nil, err
	}
	it.Status = chainmatch.Status(status)
	it.UpdatedAt = parseTime(updatedAt)
	if it.Kind == chainmatch.KindEnterprise {
		err = json.Unmarshal([]byte(subject), &it.Target.Enterprise)
	} else {
		err = json.Unmarshal([]byte(subject), &it.Target.Talent)
	}
	for _, p := range []struct {
		s string
		v any
	}{{contributions, &it.Target.Contributions}, {unknown, &it.Target.Unknown}, {reasons, &it.Target.Reasons}, {channel, &it.Target.Channel}} {
		if err == nil {
			err = json.Unmarshal([]byte(p.s), p.v)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("item %d: %w", it.ID, err)
	}
	return &it, nil
}

func (s *Store) item(ctx context.Context, q queryer, listID string, itemID int64) (*Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, s.q(`SELECT `+itemCols+` FROM list_items WHERE id = ? AND list_id = ?`), itemID, listID))
	if isNoRows(err) {
		return nil, fmt.Errorf("item %d of list %s: %w", itemID, listID, chainmatch.ErrNotFound)
	}
	return it, err
}

// Item returns one item of a list.
func (s *Store) Item(ctx context.Context, listID string, itemID int64) (*Item, error) {
	return s.item(ctx, s.db, listID, itemID)
}

// ItemHistory returns an item's status changes, oldest first.
func (s *Store) ItemHistory(ctx context.Context, itemID int64) ([]StatusChange, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT from_status, to_status, changed_by, changed_at FROM item_history WHERE item_id = ? ORDER BY id`), itemID)
	if err != nil {
		return nil, fmt.Errorf("item %d history: %w", itemID, err)
	}
	defer rows.Close()
	var out []StatusChange
	for rows.Next() {
		var c StatusChange
		var from, to, at string
		if err := rows.Scan(&from, &to, &c.By, &at); err != nil {
			return nil, fmt.Errorf("item %d history: %w", itemID, err)
		}
		c.From, c.To, c.At = chainmatch.Status(from), chainmatch.Status(to), parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanList(r rowScanner) (*List, error) {
	var l List
	var filters, created string
	if err := r.Scan(&l.ID, &l.Name, &l.County, &l.Chain, &l.WeightsName, &l.WeightsVersion, &filters, &l.Owner, &l.CreatedBy, &created); err != nil {
		return nil, err
	}
	l.Filters = json.RawMessage(filters)
	l.CreatedAt = parseTime(created)
	return &l, nil
}

const listCols = `id, name, county, chain, weights_name, weights_version, filters, owner, created_by, created_at`

// List returns a list with its items in rank order.
func (s *Store) List(ctx context.Context, id string) (*List, error) {
	l, err := scanList(s.db.QueryRowContext(ctx, s.q(`SELECT `+listCols+` FROM target_lists WHERE id = ?`), id))
	if isNoRows(err) {
		return nil, fmt.Errorf("list %s: %w", id, chainmatch.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+itemCols+` FROM list_items WHERE list_id = ? ORDER BY rank, id`), id)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", id, err)
	}
	defer rows.Close()
	l.Items = []Item{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", id, err)
		}
		l.Items = append(l.Items, *it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %s: %w", id, err)
	}
	return l, nil
}

// Lists returns every list, newest first, without items.
func (s *Store) Lists(ctx context.Context) ([]List, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+listCols+` FROM target_lists ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("lists: %w", err)
	}
	defer rows.Close()
	out := []List{}
	for rows.Next() {
		l, err := scanList(rows)
		if err != nil {
			return nil, fmt.Errorf("lists: %w", err)
		}
		out = append(out, *l)
	}
	return out, rows.Err()
}
