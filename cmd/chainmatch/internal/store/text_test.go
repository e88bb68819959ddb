package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// TestTextRefusedAlike: invalid UTF-8, NUL and oversized text are refused the
// same way (ErrInvalid naming the field) on SQLite and PostgreSQL, on every
// write path; PostgreSQL would otherwise fail with a 500 on NUL and SQLite store it.
func TestTextRefusedAlike(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		bad := map[string]string{"nul": "a\x00b", "gbk": "\xc0\xf6\xcb\xae", "long": strings.Repeat("x", MaxText+1)}
		for kind, v := range bad {
			t.Run(kind, func(t *testing.T) {
				checks := map[string]func() error{
					"name": func() error {
						return s.CreateList(ctx, &List{Name: v, County: "331122", Chain: "c"}, "t")
					},
					"scope": func() error {
						return s.Import(ctx, func(tx *ImportTx) error {
							_, err := tx.UpsertEnterprise(ctx, &chainmatch.Enterprise{ID: "e1", Name: "合成公司", Scope: v})
							return err
						})
					},
					"detail": func() error {
						_, _, err := s.AddUser(ctx, v, chainmatch.RoleViewer, "t")
						if fe := chainmatch.Fields(err); fe != nil && fe["name"] != "" {
							return chainmatch.FieldErrors{"detail": fe["name"]}
						}
						return err
					},
				}
				for field, fn := range checks {
					err := fn()
					if !errors.Is(err, chainmatch.ErrInvalid) || chainmatch.Fields(err)[field] == "" {
						t.Errorf("%s: %v", field, err)
					}
				}
			})
		}
		n, _, err := s.Counts(ctx)
		if err != nil || n != 0 {
			t.Errorf("stored %d enterprises, %v", n, err)
		}
	})
}
