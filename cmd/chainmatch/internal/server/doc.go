// Package server is the HTTP API of chainmatch: routes, access control, error
// mapping, metrics, target-list workflow and exports, and graceful serving.
package server
