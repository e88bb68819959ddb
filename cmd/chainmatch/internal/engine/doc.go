// Package engine owns the running state of chainmatch: it ties the store (the
// system of record) to the tagger, the ranker's in-memory pool and the Bleve
// index, keeps the derived parts in step with the database generation, and answers
// matches, gaps and searches for the CLI and the HTTP server.
package engine
