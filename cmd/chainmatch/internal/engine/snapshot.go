package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/match"
)

// snapshotFile is the pool snapshot inside the data directory
// (match.Pool.WriteSnapshot): the pool of the last load with its node text
// scores, so that a start at the same generation reads neither records nor the
// index.
const snapshotFile = "pool.snapshot"

// countiesHash identifies the counties a pool was built with: their profiles
// place records and name local firms.
func countiesHash(counties []chainmatch.County) string {
	b, _ := json.Marshal(counties)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// readSnapshot returns the pool of the snapshot made at generation gen with the
// engine's tagger and counties, or nil (logged) when there is none that fits.
func (e *Engine) readSnapshot(gen int64) *match.Pool {
	f, err := os.Open(e.snapPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		e.log.Warn("pool snapshot unreadable; loading records", "err", err.Error())
		return nil
	}
	defer f.Close()
	key := e.snapKey
	key.Generation = gen
	pool, err := match.ReadSnapshot(f, key, e.chains, e.regions.Counties())
	if err != nil {
		e.log.Info("pool snapshot not used; loading records", "reason", err.Error())
		return nil
	}
	return pool
}

// writeSnapshot writes the pool's snapshot beside the database: to a temporary
// file renamed into place, so a reader sees the old snapshot or the new one. A
// failure is logged, not returned: the snapshot only saves time.
func (e *Engine) writeSnapshot(pool *match.Pool, gen int64) {
	start := time.Now()
	key := e.snapKey
	key.Generation = gen
	tmp, err := os.CreateTemp(filepath.Dir(e.snapPath), snapshotFile+".*.tmp")
	if err != nil {
		e.log.Warn("pool snapshot not written", "err", err.Error())
		return
	}
	err = pool.WriteSnapshot(tmp, key)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), e.snapPath)
	}
	if err != nil {
		os.Remove(tmp.Name())
		e.log.Warn("pool snapshot not written", "err", err.Error())
		return
	}
	e.log.Info("pool snapshot written", "generation", gen, "took", time.Since(start).Round(time.Millisecond).String())
}
