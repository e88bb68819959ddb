package chainmatch

import (
	"fmt"
	"time"
)

// Feature names: the named contributions a target's score is the sum of.
const (
	FeatureGapFit    = "gap_fit"
	FeatureQuality   = "quality"
	FeatureGrowth    = "growth"
	FeatureIntent    = "intent"
	FeatureProximity = "proximity"
	FeatureTies      = "ties"
	FeatureRisk      = "risk"
)

// Features lists the scored features in a fixed order.
var Features = []string{FeatureGapFit, FeatureQuality, FeatureGrowth, FeatureIntent,
	FeatureProximity, FeatureTies, FeatureRisk}

// Target is a ranked candidate for a county and chain. Score equals the sum of
// Contributions; Reasons are computed from the contributions and their evidence.
type Target struct {
	Rank          int                `json:"rank"`
	Enterprise    *EnterpriseSummary `json:"enterprise,omitempty"`
	Talent        *TalentSummary     `json:"talent,omitempty"`
	Score         float64            `json:"score"`
	Node          string             `json:"node"`
	NodeName      string             `json:"node_name,omitempty"`
	Contributions map[string]float64 `json:"contributions"`
	// Unknown lists features whose input data is missing for this candidate.
	Unknown []string `json:"unknown,omitempty"`
	Reasons []Reason `json:"reasons"`
	Channel *Channel `json:"channel,omitempty"`
	// ChannelReason says why this channel was chosen for this candidate.
	ChannelReason *Reason `json:"channel_reason,omitempty"`
	// Flags mark what a reader must know about the target (e.g. its location is
	// known only to the province; it is in the county's own city).
	Flags []Flag `json:"flags,omitempty"`
}

// Flag is a labelled caveat on a target.
type Flag struct {
	Code string `json:"code"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// Target flag codes.
const (
	FlagProvinceOnly = "location_province_only" // location below the province unknown
	FlagSameCity     = "same_city"              // in the county's own city
	FlagLocalBase    = "local_base"             // located in the county (a --local list)
)

// Reason is one short explanation in Chinese and English.
type Reason struct {
	Feature string `json:"feature,omitempty"`
	ZH      string `json:"zh"`
	EN      string `json:"en"`
}

// EnterpriseSummary is what a target shows of an enterprise.
type EnterpriseSummary struct {
	ID       string   `json:"id"`
	USCC     string   `json:"uscc,omitempty"`
	Name     string   `json:"name"`
	NameEN   string   `json:"name_en,omitempty"`
	Province string   `json:"province,omitempty"`
	City     string   `json:"city,omitempty"`
	County   string   `json:"county,omitempty"`
	Tags     []Tag    `json:"tags,omitempty"`
	Founded  string   `json:"founded,omitempty"`
	Capital  *float64 `json:"registered_capital_wan,omitempty"`
}

// Summary returns the part of e a target shows.
func (e *Enterprise) Summary() *EnterpriseSummary {
	return &EnterpriseSummary{ID: e.ID, USCC: e.USCC, Name: e.Name, NameEN: e.NameEN,
		Province: e.Province, City: e.City, County: e.County, Tags: e.Tags,
		Founded: e.Founded, Capital: e.RegisteredCapitalWan}
}

// TalentSummary is what a target shows of a talent.
type TalentSummary struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Degree      string `json:"degree,omitempty"`
	Title       string `json:"title,omitempty"`
	Institution string `json:"institution,omitempty"`
	Location    string `json:"location,omitempty"`
}

// Weights is a named, versioned weight profile: Beta weighs the candidate features,
// Gap weighs the parts of a node's priority (the analysts' "chain-gap weights").
type Weights struct {
	Name      string             `json:"name"`
	Version   int                `json:"version"`
	Author    string             `json:"author,omitempty"`
	CreatedAt time.Time          `json:"created_at"`
	County    string             `json:"county,omitempty"` // empty for a global profile
	Beta      map[string]float64 `json:"beta"`
	Gap       map[string]float64 `json:"gap"`
	Note      string             `json:"note,omitempty"`
}

// Validate checks that every weight names a known feature and is finite.
func (w *Weights) Validate() error {
	fe := FieldErrors{}
	if w.Name == "" {
		fe.Add("name", "required")
	}
	known := map[string]bool{}
	for _, f := range Features {
		known[f] = true
	}
	for k, v := range w.Beta {
		if !known[k] {
			fe.Add("beta."+k, "unknown feature")
		}
		if v != v || v > 1e6 || v < -1e6 {
			fe.Add("beta."+k, "not a finite weight")
		}
	}
	for k, v := range w.Gap {
		if v != v || v < 0 || v > 1e6 {
			fe.Add("gap."+k, "must be a finite non-negative weight")
		}
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("weights %q: %w", w.Name, err)
	}
	return nil
}

// Status is a target-list item's place in the recruitment workflow.
type Status string

// The workflow: candidate → contacted → visited → negotiating → signed → landed,
// or dropped from any state.
const (
	StatusCandidate   Status = "candidate"
	StatusContacted   Status = "contacted"
	StatusVisited     Status = "visited"
	StatusNegotiating Status = "negotiating"
	StatusSigned      Status = "signed"
	StatusLanded      Status = "landed"
	StatusDropped     Status = "dropped"
)

// Statuses lists the workflow in order.
var Statuses = []Status{StatusCandidate, StatusContacted, StatusVisited, StatusNegotiating,
	StatusSigned, StatusLanded, StatusDropped}

// ValidStatus reports whether s is a workflow status.
func ValidStatus(s Status) bool {
	for _, k := range Statuses {
		if k == s {
			return true
		}
	}
	return false
}

// Outcome is a dated event for a county and an enterprise or talent: the ground truth
// for backtests and for fitting weights.
type Outcome struct {
	County    string   `json:"county"`
	Chain     string   `json:"chain,omitempty"`
	SubjectID string   `json:"subject_id"` // enterprise or talent id
	Type      Status   `json:"type"`       // visited, signed, landed, ...
	Date      string   `json:"date"`       // YYYY-MM-DD
	AmountWan *float64 `json:"amount_wan,omitempty"`
	Source    string   `json:"source,omitempty"`
}

// Validate checks an outcome.
func (o *Outcome) Validate() error {
	fe := FieldErrors{}
	if o.County == "" {
		fe.Add("county", "required")
	}
	if o.SubjectID == "" {
		fe.Add("subject_id", "required")
	}
	if !ValidStatus(o.Type) {
		fe.Add("type", fmt.Sprintf("%q is not a status", o.Type))
	}
	if _, err := time.Parse("2006-01-02", o.Date); err != nil {
		fe.Add("date", "not a YYYY-MM-DD date")
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("outcome: %w", err)
	}
	return nil
}
