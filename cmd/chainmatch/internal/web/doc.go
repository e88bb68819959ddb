// Package web owns the browser UI: embedded static files (no build step) for a
// single-page application whose every view has its own address — home, a county
// with its chain map, a target, the leader's brief, the analyst's workbench and
// the target lists — all built on the JSON API.
package web
