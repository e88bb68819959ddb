package server

import (
	"context"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// Engine is what the server needs of the matching engine. Errors follow the root
// sentinels: unknown codes are chainmatch.FieldErrors (422), a record that does not
// exist wraps chainmatch.ErrNotFound, an engine still loading wraps
// chainmatch.ErrUnavailable.
type Engine interface {
	// Ready reports whether the engine has loaded and can answer queries.
	Ready() bool
	Chains() []chainmatch.Chain
	Counties() []chainmatch.County
	County(code string) (*chainmatch.County, error)
	// Gaps computes a county's chain gaps under w (nil: the default weights).
	Gaps(ctx context.Context, county, chain string, w *chainmatch.Weights) (*match.Gaps, error)
	Match(ctx context.Context, req MatchRequest) (*match.Result, error)
	Search(ctx context.Context, req SearchRequest) (*SearchResult, error)
	Enterprise(ctx context.Context, id string) (*chainmatch.Enterprise, error)
}

// MatchRequest asks for the targets of a county and chain; its fields are those of
// the engine's request, so one converts to the other.
type MatchRequest struct {
	County string `json:"county"`
	// Kind is "enterprise" (the default) or "talent".
	Kind         string   `json:"kind,omitempty"`
	Chain        string   `json:"chain"`
	Limit        int      `json:"limit,omitempty"`
	Node         string   `json:"node,omitempty"`
	Query        string   `json:"q,omitempty"`
	Province     []string `json:"province,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	IncludeLocal bool     `json:"include_local,omitempty"`
	// Local ranks the county's local base by expansion signals (增资扩产).
	Local   bool                `json:"local,omitempty"`
	Weights *chainmatch.Weights `json:"weights,omitempty"`
	// Quotas and Preset ask for a list mix; Siblings marks targets a sibling county
	// fits better; City (with Keep) asks for a city-wide run with dislocation.
	Quotas   []chainmatch.Quota `json:"quotas,omitempty"`
	Preset   string             `json:"preset,omitempty"`
	Siblings bool               `json:"siblings,omitempty"`
	City     string             `json:"city,omitempty"`
	Keep     []string           `json:"keep,omitempty"`
}

// Planner is what the server needs for work beyond one ranked list: city-wide
// runs with dislocation, county views with talents, and weights fitted on
// outcomes. Deps.Planner nil answers these routes with 503.
type Planner interface {
	CityMatch(ctx context.Context, req MatchRequest) (*match.CityResult, error)
	CountyView(ctx context.Context, county, chain string, perNode int, w *chainmatch.Weights) (*match.CountyView, error)
	// Fit learns weights from outcomes and returns them with its report (the
	// held-out metrics before and after); it saves nothing.
	Fit(ctx context.Context, req FitRequest) (chainmatch.Weights, any, error)
}

// FitRequest asks for weights fitted on outcomes: the engine's request.
type FitRequest struct {
	Outcomes  []chainmatch.Outcome `json:"outcomes,omitempty"`
	Relevant  []chainmatch.Status  `json:"relevant,omitempty"`
	Prior     *chainmatch.Weights  `json:"-"`
	SplitDate string               `json:"split_date,omitempty"`
	Options   match.FitOptions     `json:"options"`
	K         int                  `json:"k,omitempty"`
}

// SearchRequest finds records by text and filters.
type SearchRequest struct {
	Kind     string   `json:"kind,omitempty"` // enterprise (default), talent, or "all"
	Text     string   `json:"q,omitempty"`
	Chain    string   `json:"chain,omitempty"`
	Node     string   `json:"node,omitempty"`
	Province []string `json:"province,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Limit    int      `json:"limit,omitempty"`
	Offset   int      `json:"offset,omitempty"`
}

// SearchHit is one search result.
type SearchHit struct {
	ID       string           `json:"id"`
	Kind     string           `json:"kind"`
	Name     string           `json:"name"`
	Score    float64          `json:"score"`
	Province string           `json:"province,omitempty"`
	City     string           `json:"city,omitempty"`
	County   string           `json:"county,omitempty"`
	Tags     []chainmatch.Tag `json:"tags,omitempty"`
}

// SearchResult is a page of hits and the total.
type SearchResult struct {
	Total uint64      `json:"total"`
	Hits  []SearchHit `json:"hits"`
}
