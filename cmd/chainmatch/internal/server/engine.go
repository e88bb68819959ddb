package server

import (
	"context"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
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

// MatchRequest, FitRequest, SearchRequest, SearchHit and SearchResult are the engine's own
// types: the server speaks the engine's request and result types, so there is one
// set of them and nothing to convert.
type (
	MatchRequest  = engine.MatchRequest
	FitRequest    = engine.FitRequest
	SearchRequest = engine.SearchRequest
	SearchHit     = engine.SearchHit
	SearchResult  = engine.SearchResult
)

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
