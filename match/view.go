package match

import "github.com/chainmatch/chainmatch"

// CityResult is a city-wide run: each county's targets after dislocation, and the
// enterprises several counties wanted, with how each was resolved.
type CityResult struct {
	City        string             `json:"city"`
	CityName    string             `json:"city_name"`
	Chain       string             `json:"chain"`
	Weights     chainmatch.Weights `json:"weights"`
	Assignments []CountyTargets    `json:"assignments"`
	Conflicts   []Conflict         `json:"conflicts"`
	// TopScore is Σ over counties of their unconstrained top-N scores, Score the
	// same after the assignment: the fit the city gives up for no duplicates.
	TopScore float64 `json:"top_score"`
	Score    float64 `json:"score"`
}

// CountyTargets is one county's list in a city-wide run.
type CountyTargets struct {
	County  string              `json:"county"`
	Name    string              `json:"name"`
	Kept    bool                `json:"kept,omitempty"` // kept its own list
	Targets []chainmatch.Target `json:"targets"`
}

// NodeView is one gap node with the enterprises and the talents to bring in.
type NodeView struct {
	NodeGap
	Enterprises []chainmatch.Target `json:"enterprises"`
	Talents     []chainmatch.Target `json:"talents"`
}

// CountyView is a county's chain seen node by node (双招双引 in one view): the
// gaps, and at each node, highest priority first, the best enterprises and
// talents, both ranked by Rank.
type CountyView struct {
	County string     `json:"county"`
	Name   string     `json:"name"`
	Chain  string     `json:"chain"`
	Gaps   *Gaps      `json:"gaps"`
	Nodes  []NodeView `json:"nodes"`
}
