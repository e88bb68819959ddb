package chainmatch

import (
	"fmt"
	"strings"
	"time"
)

// Feature names: the named contributions a target's score is the sum of.
const (
	FeatureGapFit    = "gap_fit"
	FeatureText      = "text"
	FeatureQuality   = "quality"
	FeatureGrowth    = "growth"
	FeatureIntent    = "intent"
	FeatureProximity = "proximity"
	FeatureTies      = "ties"
	FeatureRisk      = "risk"
)

// FeatureInfo is one scored feature as users see it: its id, its names in Chinese
// and English, what it measures, and its default weight. FeatureTable is the one
// home of these: the ranker (package match) computes and explains each feature in
// this order, and the API, the CLI, the exports and the web UI read the labels
// from it.
type FeatureInfo struct {
	ID            string  `json:"id"`
	Label         string  `json:"label"`    // Chinese
	LabelEN       string  `json:"label_en"` // English
	Doc           string  `json:"doc"`      // Chinese
	DocEN         string  `json:"doc_en"`
	DefaultWeight float64 `json:"default_weight"`
}

// FeatureTable lists the scored features in their fixed order.
var FeatureTable = []FeatureInfo{
	{FeatureGapFit, "补链契合", "Gap fit",
		"候选企业所在环节的缺口优先级 × 归属该环节的置信度",
		"priority of the chain gap the candidate fills × confidence that it belongs to that node", 0.25},
	{FeatureText, "文本证据", "Text evidence",
		"企业自身文字（名称、经营范围、产品）对该环节词汇的检索相关度（BM25，按环节归一；行业标签不计）",
		"how strongly the candidate's own words (name, scope, products) name the node (BM25, normalised per node; an industry label does not count)", 0.20},
	{FeatureQuality, "企业质量", "Quality",
		"龙头、上市、500强、高新、专精特新等标签与规模、专利",
		"leader, listed, top-500, high-tech and specialised tags, size and patents", 0.10},
	{FeatureGrowth, "成长性", "Growth",
		"高成长标签、企业年龄与资本密度", "high-growth tag, firm age and capital intensity", 0.05},
	{FeatureIntent, "投资意向", "Intent",
		"近三年扩产、新设分支、融资等动态（半年衰减一半）",
		"expansion, new branches and financing in the last three years (half-life 180 days)", 0.10},
	{FeatureProximity, "区位", "Proximity",
		"与本县的距离及是否同省同市", "distance to the county and same province or city", 0.35},
	{FeatureTies, "关系纽带", "Ties",
		"在本县或本省的分支、商会与联络站、海外联系、本地链主上下游",
		"branches in the county or province, chambers and liaison stations, overseas ties, supply links to a local chain leader", 0.10},
	{FeatureRisk, "风险", "Risk",
		"失信、经营异常、诉讼、ST/退市、吊销注销（负权重）",
		"dishonesty, abnormal operation, litigation, ST or delisting, deregistration (negative weight)", -0.25},
}

// Features lists the scored feature ids in FeatureTable's order.
var Features = featureIDs()

func featureIDs() []string {
	ids := make([]string, len(FeatureTable))
	for i, f := range FeatureTable {
		ids[i] = f.ID
	}
	return ids
}

// Feature returns the table entry of id, or false.
func Feature(id string) (FeatureInfo, bool) {
	for _, f := range FeatureTable {
		if f.ID == id {
			return f, true
		}
	}
	return FeatureInfo{}, false
}

// Target is a ranked candidate for a county and chain. Score equals the sum of
// Contributions; Reasons are computed from the contributions and their evidence.
type Target struct {
	Rank       int                `json:"rank"`
	Enterprise *EnterpriseSummary `json:"enterprise,omitempty"`
	Talent     *TalentSummary     `json:"talent,omitempty"`
	Score      float64            `json:"score"`
	Node       string             `json:"node"`
	NodeName   string             `json:"node_name,omitempty"`
	// NodeConfidence is how sure the tagging is that the candidate belongs to
	// Node (0–1): near 1 when its own words name the node, lower when a broad
	// industry label only allows it.
	NodeConfidence float64            `json:"node_confidence"`
	Contributions  map[string]float64 `json:"contributions"`
	// Unknown lists features whose input data is missing for this candidate.
	Unknown []string `json:"unknown,omitempty"`
	Reasons []Reason `json:"reasons"`
	Channel *Channel `json:"channel,omitempty"`
	// ChannelReason says why this channel was chosen for this candidate.
	ChannelReason *Reason `json:"channel_reason,omitempty"`
	// Flags mark what a reader must know about the target (e.g. its location is
	// known only to the province; it is in the county's own city).
	Flags []Flag `json:"flags,omitempty"`
	// BetterFit names the sibling county of the same city that scores this
	// target higher (dislocation, 错位发展), when a run asked for siblings.
	BetterFit *BetterFit `json:"better_fit,omitempty"`
}

// BetterFit is a sibling county that fits a target better, with its score.
type BetterFit struct {
	County string  `json:"county"`
	Name   string  `json:"name"`
	Score  float64 `json:"score"`
}

// Flag is a labelled caveat on a target.
type Flag struct {
	Code string `json:"code"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// Target flag codes.
const (
	FlagProvinceOnly = "location_province_only"  // location below the province unknown
	FlagSameCity     = "same_city"               // in the county's own city
	FlagLocalBase    = "local_base"              // located in the county (a --local list)
	FlagSameFirm     = "same_firm"               // a listed record of the same firm is merged into this one
	FlagForeignName  = "foreign_name"            // named only in a foreign script, with no USCC
	FlagCityFromName = "location_city_from_name" // the city is read from the name; the record gives only the province
	FlagNamedCounty  = "named_for_county"        // the name begins with the ranked county's own: possibly a local firm
	FlagBranch       = "branch"                  // a branch (分公司, 办事处), no legal person: its company decides
	FlagTied         = "tied"                    // other candidates have the same score: their order is no preference
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

// Validate checks that every weight names a known feature (Features) or gap part
// (GapParts), that each is finite (gap weights also non-negative), and that gap
// weights are given with at least one positive: node priority is
// Σ_p w_p·part_p / Σ_p w_p, so without them every node's priority, and every
// candidate's gap_fit, would be zero.
// Errors are FieldErrors wrapping ErrInvalid.
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
	if len(w.Gap) == 0 {
		fe.Add("gap", "required: weights for the gap parts "+strings.Join(GapParts, ", ")+" (at least one positive)")
	}
	var sum float64
	for k, v := range w.Gap {
		if !ValidGapPart(k) {
			fe.Add("gap."+k, "unknown gap part")
		}
		if v != v || v < 0 || v > 1e6 {
			fe.Add("gap."+k, "must be a finite non-negative weight")
		}
		sum += v
	}
	if len(w.Gap) > 0 && !(sum > 0) {
		fe.Add("gap", "at least one gap weight must be positive")
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

// ParseStatus reads a status as people write it: its id in any case (Signed), its
// Chinese label (已签约, as StatusLabels) or that label without 已 (签约).
func ParseStatus(s string) (Status, bool) {
	s = strings.TrimSpace(s)
	if st := Status(strings.ToLower(s)); ValidStatus(st) {
		return st, true
	}
	for _, l := range StatusLabels {
		if s != "" && (l.ZH == s || strings.TrimPrefix(l.ZH, "已") == s) {
			return Status(l.ID), true
		}
	}
	return "", false
}

// CanTransition reports whether a list item may move from one status to another:
// forward along candidate → contacted → visited → negotiating → signed → landed (steps
// may be skipped), to dropped from any status but landed, and from dropped back to
// candidate.
func CanTransition(from, to Status) bool {
	if !ValidStatus(from) || !ValidStatus(to) || from == to {
		return false
	}
	switch {
	case from == StatusLanded:
		return false
	case to == StatusDropped:
		return true
	case from == StatusDropped:
		return to == StatusCandidate
	}
	return statusIndex(to) > statusIndex(from)
}

func statusIndex(s Status) int {
	for i, k := range Statuses {
		if k == s {
			return i
		}
	}
	return -1
}

// Outcome is a dated event for a county and an enterprise or talent: the ground truth
// for backtests and for fitting weights.
//
// The subject is named by SubjectID (an id or USCC), else by USCC, else by Name (the
// enterprise's name, short name or an alias), as outcomes from news reports name it.
type Outcome struct {
	County    string   `json:"county"`
	Chain     string   `json:"chain,omitempty"`
	SubjectID string   `json:"subject_id,omitempty"` // enterprise or talent id
	USCC      string   `json:"uscc,omitempty"`
	Name      string   `json:"name,omitempty"`
	Type      Status   `json:"type"` // visited, signed, landed, ...
	Date      string   `json:"date"` // YYYY, YYYY-MM or YYYY-MM-DD; empty when unknown
	AmountWan *float64 `json:"amount_wan,omitempty"`
	Source    string   `json:"source,omitempty"`
}

// Validate checks an outcome.
func (o *Outcome) Validate() error {
	fe := FieldErrors{}
	if o.County == "" {
		fe.Add("county", "required")
	}
	if o.SubjectID == "" && o.USCC == "" && o.Name == "" {
		fe.Add("subject_id", "required (or uscc or name)")
	}
	if o.USCC != "" {
		if err := ValidateUSCC(o.USCC); err != nil {
			fe.Add("uscc", err.Error())
		}
	}
	if !ValidStatus(o.Type) {
		fe.Add("type", fmt.Sprintf("%q is not a status (%v)", o.Type, Statuses))
	}
	if _, ok := OutcomeTime(o.Date); !ok && o.Date != "" {
		fe.Add("date", "not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("outcome: %w", err)
	}
	return nil
}

// OutcomeTime reads an outcome date of the form YYYY, YYYY-MM or YYYY-MM-DD as the
// first day it covers; false when d is none of these.
func OutcomeTime(d string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(d) == len(layout) {
			if t, err := time.Parse(layout, d); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
