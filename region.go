package chainmatch

import (
	"fmt"
	"regexp"
)

// County is a county-level division (区县, GB/T 2260) or a platform such as an
// economic development zone. Every county-level division of China is a County; a
// profiled one also carries positioning, industries and channels.
type County struct {
	Code         string  `json:"code"` // GB/T 2260 six digits, or a platform id like 331100-edz
	Name         string  `json:"name"`
	NameEN       string  `json:"name_en,omitempty"`
	City         string  `json:"city"` // GB/T 2260 city code, six digits
	CityName     string  `json:"city_name"`
	Province     string  `json:"province"` // GB/T 2260 province code, two digits
	ProvinceName string  `json:"province_name"`
	Lat          float64 `json:"lat,omitempty"`
	Lon          float64 `json:"lon,omitempty"`
	// CentroidApprox is true when Lat/Lon are the city's centre, not the county's.
	CentroidApprox bool `json:"centroid_approx,omitempty"`
	// Platform is true for a zone that is not itself a division; its enterprises
	// sit in SeatCounty.
	Platform   bool   `json:"platform,omitempty"`
	SeatCounty string `json:"seat_county,omitempty"`

	Positioning []Positioning `json:"positioning,omitempty"`
	Industries  []Fact        `json:"industries,omitempty"`
	Channels    []Channel     `json:"channels,omitempty"`
	// Enterprises are the firms the profile names: located in the county (its local
	// base, never an outside target) or chain partners reached through (以商引商).
	Enterprises []ProfileEnterprise `json:"enterprises,omitempty"`
	// ListPresets are target-list mixes the profile names (match --quotas NAME).
	ListPresets []ListPreset `json:"list_presets,omitempty"`
}

// EnterpriseRole says what a profile's named enterprise is to the county.
type EnterpriseRole string

// Roles of a profile's named enterprises.
const (
	RoleLocal   EnterpriseRole = "local"   // located in the county (a project or the seat)
	RoleLeader  EnterpriseRole = "leader"  // a local chain leader (链主/龙头): local, and its node is present
	RolePartner EnterpriseRole = "partner" // a chain leader outside the county that it works with
)

// ProfileEnterprise is an enterprise a county profile names, with its source. A pool
// record is the same firm when its normalised name, English name or one of the
// aliases equals one of these (chainmatch.NormalizeName).
type ProfileEnterprise struct {
	Name    string         `json:"name"`
	NameEN  string         `json:"name_en,omitempty"`
	Aliases []string       `json:"aliases,omitempty"` // short names, other spellings
	Role    EnterpriseRole `json:"role"`
	Chain   string         `json:"chain,omitempty"`
	Nodes   []string       `json:"nodes,omitempty"` // node ids of Chain
	// Registered is true when the firm's registered seat is in the county: a record
	// of it that gives only its province is placed in the county.
	Registered bool    `json:"registered,omitempty"`
	Source     *Source `json:"source,omitempty"`
}

// Local reports whether the named firm is located in the county.
func (e *ProfileEnterprise) Local() bool { return e.Role == RoleLocal || e.Role == RoleLeader }

// Profiled reports whether the county carries a positioning.
func (c *County) Profiled() bool { return len(c.Positioning) > 0 }

// HomeCounty is the division whose enterprises count as the county's own.
func (c *County) HomeCounty() string {
	if c.SeatCounty != "" {
		return c.SeatCounty
	}
	return c.Code
}

// Positioning says how much a county wants a chain, and which nodes it stresses.
type Positioning struct {
	Chain  string  `json:"chain"`
	Weight float64 `json:"weight"` // in (0, 1]
	// Emphasis maps node ids to extra weight in [0, 1] (e.g. a county sub-track).
	Emphasis map[string]float64 `json:"emphasis,omitempty"`
	// StrongNodes are node ids the source declares strong in the county (its local
	// presence there is declared, not only measured from the pool).
	StrongNodes []string `json:"strong_nodes,omitempty"`
	Note        string   `json:"note,omitempty"`
	Source      *Source  `json:"source,omitempty"`
}

// Fact is a short statement with its source.
type Fact struct {
	Text   string  `json:"text"`
	TextEN string  `json:"text_en,omitempty"`
	Source *Source `json:"source,omitempty"`
}

// ChannelType is how a county reaches a candidate (the "how" of a target list).
type ChannelType string

// Channel types named by the seeds.
const (
	LiaisonStation ChannelType = "liaison_station"      // 招商联络站
	Chamber        ChannelType = "chamber"              // 商会
	Ambassador     ChannelType = "ambassador"           // 招商大使
	OverseasAssoc  ChannelType = "overseas_association" // 侨团/海外联络点
	Fund           ChannelType = "fund"                 // 产业基金
	LeaderNetwork  ChannelType = "leader_network"       // 链主企业上下游
	DirectVisit    ChannelType = "direct_visit"         // 上门招商
)

// Channel is one route a county has to candidates: a liaison station in a city,
// a chamber of commerce, an ambassador, an overseas association, a fund.
type Channel struct {
	Type   ChannelType `json:"type"`
	Name   string      `json:"name"`
	NameEN string      `json:"name_en,omitempty"`
	// Where is a GB/T 2260 province or city code, or an ISO 3166 country code.
	Where  string  `json:"where,omitempty"`
	Source *Source `json:"source,omitempty"`
}

var (
	divisionCode = regexp.MustCompile(`^[1-9][0-9]{5}$`)
	platformCode = regexp.MustCompile(`^[1-9][0-9]{5}-[a-z]+$`)
)

// IsDivisionCode reports whether s has the form of a six-digit GB/T 2260 code.
func IsDivisionCode(s string) bool { return divisionCode.MatchString(s) }

// Validate checks codes, names and the positioning weights.
func (c *County) Validate() error {
	fe := FieldErrors{}
	switch {
	case c.Platform && !platformCode.MatchString(c.Code):
		fe.Add("code", fmt.Sprintf("%q is not a platform id like 331100-edz", c.Code))
	case !c.Platform && !divisionCode.MatchString(c.Code):
		fe.Add("code", fmt.Sprintf("%q is not a six-digit GB/T 2260 code", c.Code))
	}
	if c.Name == "" {
		fe.Add("name", "required")
	}
	if len(c.Province) != 2 {
		fe.Add("province", "two-digit province code required")
	}
	if c.Platform && !divisionCode.MatchString(c.SeatCounty) {
		fe.Add("seat_county", "a platform names the county its enterprises sit in")
	}
	if c.Lat < -90 || c.Lat > 90 || c.Lon < -180 || c.Lon > 180 {
		fe.Add("lat", "out of range")
	}
	for i, lp := range c.ListPresets {
		if lp.Name == "" || lp.Size <= 0 {
			fe.Add(fmt.Sprintf("list_presets[%d]", i), "a name and a positive size are required")
		}
		for k := range lp.Quotas {
			if err := lp.Quotas[k].Validate(); err != nil {
				fe.Add(fmt.Sprintf("list_presets[%d].quotas[%d]", i, k), err.Error())
			}
		}
	}
	for i, p := range c.Positioning {
		if p.Chain == "" {
			fe.Add(fmt.Sprintf("positioning[%d].chain", i), "required")
		}
		if p.Weight <= 0 || p.Weight > 1 {
			fe.Add(fmt.Sprintf("positioning[%d].weight", i), "must be in (0, 1]")
		}
		for n, w := range p.Emphasis {
			if w < 0 || w > 1 {
				fe.Add(fmt.Sprintf("positioning[%d].emphasis.%s", i, n), "must be in [0, 1]")
			}
		}
	}
	for i, ch := range c.Channels {
		if ch.Type == "" || ch.Name == "" {
			fe.Add(fmt.Sprintf("channels[%d]", i), "type and name required")
		}
	}
	for i, e := range c.Enterprises {
		p := fmt.Sprintf("enterprises[%d]", i)
		if e.Name == "" && e.NameEN == "" {
			fe.Add(p+".name", "required")
		}
		if e.Role != RoleLocal && e.Role != RoleLeader && e.Role != RolePartner {
			fe.Add(p+".role", fmt.Sprintf("%q is not local, leader or partner", e.Role))
		}
		if len(e.Nodes) > 0 && e.Chain == "" {
			fe.Add(p+".chain", "nodes need their chain")
		}
		if e.Source == nil {
			fe.Add(p+".source", "a named enterprise cites its source")
		}
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("county %q: %w", c.Code, err)
	}
	return nil
}
