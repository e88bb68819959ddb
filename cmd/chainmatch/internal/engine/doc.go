// Package engine owns the running state of chainmatch: it ties the store (the
// system of record) to the tagger, the ranker's in-memory pool and the Bleve
// index, keeps the derived parts in step with the database generation (Load,
// Follow), and answers matches, gaps and searches for the CLI and the HTTP server.
// It also runs imports end to end with the embedded vocabulary (Import beside a
// running server, Engine.Import for uploads, whose answer says whether the index
// is current or pending) and adds the synthetic demo pool to an empty store.
package engine
