package chainmatch

import (
	"fmt"
	"strings"
)

// Talent is a person a county may recruit (招才引智).
type Talent struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"` // always "talent"
	Name        string `json:"name"`
	Degree      string `json:"degree,omitempty"` // e.g. 博士, PhD
	Title       string `json:"title,omitempty"`  // e.g. 教授, 高级工程师
	Field       string `json:"field,omitempty"`
	Expertise   string `json:"expertise,omitempty"`
	Institution string `json:"institution,omitempty"`
	// Location is a six-digit county code, or an ISO 3166 country code when abroad.
	Location string   `json:"location,omitempty"`
	Hometown string   `json:"hometown,omitempty"` // county code
	Honours  []string `json:"honours,omitempty"`  // talent programmes
	Patents  *int     `json:"patents,omitempty"`
	Papers   *int     `json:"papers,omitempty"`
	Team     bool     `json:"team,omitempty"`

	NodeTags []NodeTag `json:"node_tags,omitempty"`
	Source   string    `json:"source,omitempty"`
	AsOf     string    `json:"as_of,omitempty"`
}

// Record kinds: what a pool record, an index document or a list item is. The import
// format marks a talent line with "kind": "talent"; a line without a kind is an
// enterprise.
const (
	KindEnterprise = "enterprise"
	KindTalent     = "talent"
)

// ValidKind reports whether k names a record kind.
func ValidKind(k string) bool { return k == KindEnterprise || k == KindTalent }

// KindsAll asks a search for records of every kind.
const KindsAll = "all"

// SearchKind reads the kind a search asks for: "" is an enterprise, KindsAll
// every kind (returned as ""); false for anything else.
func SearchKind(k string) (string, bool) {
	switch {
	case k == "":
		return KindEnterprise, true
	case k == KindsAll:
		return "", true
	case ValidKind(k):
		return k, true
	}
	return "", false
}

// Summary returns the part of t a target shows.
func (t *Talent) Summary() *TalentSummary {
	return &TalentSummary{ID: t.ID, Name: t.Name, Degree: t.Degree,
		Title: t.Title, Institution: t.Institution, Location: t.Location}
}

// Abroad reports whether the talent is located outside mainland China's divisions.
func (t *Talent) Abroad() bool { return t.Location != "" && !IsDivisionCode(t.Location) }

// Validate checks what a stored talent must satisfy.
func (t *Talent) Validate() error {
	fe := FieldErrors{}
	if strings.TrimSpace(t.Name) == "" {
		fe.Add("name", "required")
	}
	if t.Location != "" && !IsDivisionCode(t.Location) && !isCountry(t.Location) {
		fe.Add("location", fmt.Sprintf("%q is neither a county code nor a country code", t.Location))
	}
	if t.Hometown != "" && !IsDivisionCode(t.Hometown) {
		fe.Add("hometown", fmt.Sprintf("%q is not a county code", t.Hometown))
	}
	if t.Patents != nil && *t.Patents < 0 {
		fe.Add("patents", "negative")
	}
	if t.Papers != nil && *t.Papers < 0 {
		fe.Add("papers", "negative")
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("talent %q: %w", t.Name, err)
	}
	return nil
}

func isCountry(s string) bool {
	if len(s) != 2 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
