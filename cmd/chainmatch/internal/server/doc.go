// Package server owns the HTTP API of chainmatch: routes, access control by role,
// the one table mapping errors to responses, metrics, the target-list workflow
// and exports, and graceful serving; what it answers comes from the engine and
// the store. It declares the small Engine and Planner interfaces it needs and
// speaks the engine's own request and result types (engine.MatchRequest, ...).
package server
