package chainmatch

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors. Adapters map them to exit codes and HTTP statuses in one place.
var (
	ErrNotFound     = errors.New("not found")
	ErrInvalid      = errors.New("invalid")
	ErrConflict     = errors.New("conflict")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrUnavailable  = errors.New("unavailable")
)

// FieldErrors collects the reason each named field is invalid. It unwraps to
// ErrInvalid, so errors.Is(err, ErrInvalid) holds for it.
type FieldErrors map[string]string

// Add records reason for field, keeping the first reason given for a field.
func (fe FieldErrors) Add(field, reason string) {
	if _, ok := fe[field]; !ok {
		fe[field] = reason
	}
}

// Err returns fe as an error, or nil when it is empty.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

func (fe FieldErrors) Error() string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s", k, fe[k])
	}
	return "invalid " + strings.Join(parts, "; ")
}

func (fe FieldErrors) Unwrap() error { return ErrInvalid }

// Fields returns the field errors carried anywhere in err's chain, or nil.
func Fields(err error) FieldErrors {
	var fe FieldErrors
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}
