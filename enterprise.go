package chainmatch

import (
	"fmt"
	"strings"
	"time"
)

// Tag is a quality label of an enterprise.
type Tag string

// The tags of the import format (design.md §5).
const (
	TagListed        Tag = "listed"
	TagHighTech      Tag = "high_tech"      // 高新技术企业
	TagSpecialized   Tag = "specialized"    // 专精特新
	TagLittleGiant   Tag = "little_giant"   // 专精特新“小巨人”
	TagForeignFunded Tag = "foreign_funded" // 外资
	TagLeader        Tag = "leader"         // 龙头/链主
	TagHighGrowth    Tag = "high_growth"    // 高成长
	TagSOE           Tag = "soe"            // 国企/央企
	TagTop500        Tag = "top500"         // 世界/中国500强或其成员
)

// Tags lists every known tag in a fixed order.
var Tags = []Tag{TagListed, TagHighTech, TagSpecialized, TagLittleGiant, TagForeignFunded,
	TagLeader, TagHighGrowth, TagSOE, TagTop500}

// ValidTag reports whether t is a known tag.
func ValidTag(t Tag) bool {
	for _, k := range Tags {
		if k == t {
			return true
		}
	}
	return false
}

// Event is a dated signal (financing, new branch, expansion project, hiring) or
// risk (失信, litigation, abnormal operation) with its source.
type Event struct {
	Type   string `json:"type"`
	Date   string `json:"date,omitempty"` // YYYY-MM-DD
	Detail string `json:"detail,omitempty"`
	Source string `json:"source,omitempty"`
}

// Signal types the ranker knows; others are kept and shown but not scored.
const (
	SignalFinancing = "financing"
	SignalBranch    = "new_branch"
	SignalExpansion = "expansion"
	SignalHiring    = "hiring"
)

// Risk types of the import format. A risk of another type is an error (Validate):
// a risk the ranker cannot read would be silently ignored.
const (
	RiskDishonest    = "dishonest" // 失信被执行人
	RiskLitigation   = "litigation"
	RiskAbnormal     = "abnormal_operation" // 经营异常
	RiskDeregistered = "deregistered"       // 登记状态 注销 or 撤销: the firm no longer exists
	RiskRevoked      = "revoked"            // 登记状态 吊销: business licence revoked
	RiskDelisted     = "delisted"           // 退市 or 暂停上市 (Tushare status D, P)
)

// RiskTypes lists every risk type in a fixed order.
var RiskTypes = []string{RiskDishonest, RiskLitigation, RiskAbnormal, RiskDeregistered, RiskRevoked, RiskDelisted}

// ValidRiskType reports whether t is a known risk type.
func ValidRiskType(t string) bool {
	for _, k := range RiskTypes {
		if k == t {
			return true
		}
	}
	return false
}

// NodeTag places a record at a chain node, with the evidence for it.
type NodeTag struct {
	Chain      string     `json:"chain"`
	Node       string     `json:"node"`
	Confidence float64    `json:"confidence"` // in (0, 1]
	Evidence   []Evidence `json:"evidence,omitempty"`
}

// Evidence is one match behind a node tag: which keyword or code matched in which field.
type Evidence struct {
	Field string `json:"field"` // e.g. scope, products, name, industry_code
	Match string `json:"match"` // the keyword or code that matched
	Kind  string `json:"kind"`  // keyword or industry_code
}

// Enterprise is a candidate or local firm. Pointer fields are nil when unknown:
// unknown is not zero.
type Enterprise struct {
	ID     string `json:"id"` // USCC when present, else a stable id
	USCC   string `json:"uscc,omitempty"`
	Name   string `json:"name"`
	NameEN string `json:"name_en,omitempty"`
	// Aliases are other names of the firm: a short name (简称, a listed firm's
	// 股票简称), a former name (曾用名), names other sources give it.
	Aliases []string `json:"aliases,omitempty"`

	Province string   `json:"province,omitempty"` // two-digit GB/T 2260 code
	City     string   `json:"city,omitempty"`     // six-digit code
	County   string   `json:"county,omitempty"`   // six-digit code
	Address  string   `json:"address,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`

	Founded              string   `json:"founded,omitempty"` // YYYY-MM-DD
	RegisteredCapitalWan *float64 `json:"registered_capital_wan,omitempty"`
	Currency             string   `json:"currency,omitempty"` // of the registered capital as given, when not CNY
	Employees            *int     `json:"employees,omitempty"`
	RevenueWan           *float64 `json:"revenue_wan,omitempty"`

	IndustryCode string   `json:"industry_code,omitempty"` // GB/T 4754-2017 code as given
	Industry     string   `json:"industry,omitempty"`      // industry label as given
	Scope        string   `json:"scope,omitempty"`         // 经营范围
	Products     string   `json:"products,omitempty"`
	Tags         []Tag    `json:"tags,omitempty"`
	Exchange     string   `json:"exchange,omitempty"`
	Ticker       string   `json:"ticker,omitempty"`
	Patents      *int     `json:"patents,omitempty"`
	Signals      []Event  `json:"signals,omitempty"`
	Risks        []Event  `json:"risks,omitempty"`
	Branches     []string `json:"branches,omitempty"` // county codes

	NodeTags []NodeTag `json:"node_tags,omitempty"` // derived at import
	// Extra keeps columns of an import that have no field here.
	Extra  map[string]string `json:"extra,omitempty"`
	Source string            `json:"source,omitempty"`
	AsOf   string            `json:"as_of,omitempty"`
	// Provenance says, per field (the JSON key; "tags.listed" per tag), which source
	// said it and as of when, once a record merges what several sources said.
	Provenance map[string]FieldSource `json:"provenance,omitempty"`
}

// FieldSource is where one field of a merged record comes from.
type FieldSource struct {
	Source string `json:"source,omitempty"`
	AsOf   string `json:"as_of,omitempty"`
}

// HasTag reports whether e carries t.
func (e *Enterprise) HasTag(t Tag) bool {
	for _, k := range e.Tags {
		if k == t {
			return true
		}
	}
	return false
}

// FoundedYear is the founding year, or 0 when unknown.
func (e *Enterprise) FoundedYear() int {
	if len(e.Founded) < 4 {
		return 0
	}
	y := 0
	for _, r := range e.Founded[:4] {
		if r < '0' || r > '9' {
			return 0
		}
		y = y*10 + int(r-'0')
	}
	return y
}

// Validate checks what a stored enterprise must satisfy.
func (e *Enterprise) Validate() error {
	fe := FieldErrors{}
	if strings.TrimSpace(e.Name) == "" {
		fe.Add("name", "required")
	}
	if e.USCC != "" {
		if err := ValidateUSCC(e.USCC); err != nil {
			fe.Add("uscc", err.Error())
		}
	}
	validateLocation(fe, e.Province, e.City, e.County)
	if e.Lat != nil && (*e.Lat < -90 || *e.Lat > 90) {
		fe.Add("lat", "out of range [-90, 90]")
	}
	if e.Lon != nil && (*e.Lon < -180 || *e.Lon > 180) {
		fe.Add("lon", "out of range [-180, 180]")
	}
	if e.Founded != "" {
		if _, err := time.Parse("2006-01-02", e.Founded); err != nil {
			fe.Add("founded", "not a YYYY-MM-DD date")
		}
	}
	if e.RegisteredCapitalWan != nil && *e.RegisteredCapitalWan < 0 {
		fe.Add("registered_capital_wan", "negative")
	}
	if e.Employees != nil && *e.Employees < 0 {
		fe.Add("employees", "negative")
	}
	if e.RevenueWan != nil && *e.RevenueWan < 0 {
		fe.Add("revenue_wan", "negative")
	}
	if e.Patents != nil && *e.Patents < 0 {
		fe.Add("patents", "negative")
	}
	for i, t := range e.Tags {
		if !ValidTag(t) {
			fe.Add(fmt.Sprintf("tags[%d]", i), fmt.Sprintf("unknown tag %q", t))
		}
	}
	validateEvents(fe, "signals", e.Signals)
	validateEvents(fe, "risks", e.Risks)
	for i, ev := range e.Risks {
		if ev.Type != "" && !ValidRiskType(ev.Type) {
			fe.Add(fmt.Sprintf("risks[%d].type", i), fmt.Sprintf("unknown risk type %q", ev.Type))
		}
	}
	for i, a := range e.Aliases {
		if strings.TrimSpace(a) == "" {
			fe.Add(fmt.Sprintf("aliases[%d]", i), "empty")
		}
	}
	for i, b := range e.Branches {
		if !IsDivisionCode(b) {
			fe.Add(fmt.Sprintf("branches[%d]", i), fmt.Sprintf("%q is not a county code", b))
		}
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("enterprise %q: %w", e.Name, err)
	}
	return nil
}

func validateLocation(fe FieldErrors, province, city, county string) {
	if province != "" && (len(province) != 2 || !IsDivisionCode(province+"0000")) {
		fe.Add("province", fmt.Sprintf("%q is not a two-digit province code", province))
	}
	if city != "" && !IsDivisionCode(city) {
		fe.Add("city", fmt.Sprintf("%q is not a six-digit city code", city))
	}
	if county != "" && !IsDivisionCode(county) {
		fe.Add("county", fmt.Sprintf("%q is not a six-digit county code", county))
	}
	if province != "" && city != "" && !strings.HasPrefix(city, province) {
		fe.Add("city", fmt.Sprintf("%s is not in province %s", city, province))
	}
	if city != "" && county != "" && city[:4] != county[:4] && !directCity(city) {
		fe.Add("county", fmt.Sprintf("%s is not in city %s", county, city))
	}
}

// directCity reports whether code is a city whose counties carry another
// prefix (省直辖县级行政区划 such as 429000 or 469000).
func directCity(code string) bool { return code[2:4] == "90" }

func validateEvents(fe FieldErrors, field string, evs []Event) {
	for i, ev := range evs {
		if ev.Type == "" {
			fe.Add(fmt.Sprintf("%s[%d].type", field, i), "required")
		}
		if ev.Date != "" {
			if _, err := time.Parse("2006-01-02", ev.Date); err != nil {
				fe.Add(fmt.Sprintf("%s[%d].date", field, i), "not a YYYY-MM-DD date")
			}
		}
	}
}
