package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
)

// openEngine takes the data directory's lock for command, opens the engine on
// cfg's data and loads it, telling stderr how the load goes when it takes a
// while. Beside a running server it says so at once (errBusy). Close releases
// the lock after the engine.
func openEngine(ctx context.Context, e env, cfg Config, log *slog.Logger, command string) (*lockedEngine, error) {
	lock, err := lockDataDir(ctx, cfg.Data, command, e.stderr)
	if err != nil {
		return nil, err
	}
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database, Log: log})
	if err != nil {
		lock.Release()
		return nil, err
	}
	if err := eng.Load(ctx, progressPrinter(e, 2*time.Second)); err != nil {
		eng.Close()
		lock.Release()
		return nil, err
	}
	return &lockedEngine{Engine: eng, lock: lock}, nil
}

// lockedEngine is an engine that holds the data directory's lock until closed.
type lockedEngine struct {
	*engine.Engine
	lock *dataLock
}

// Close closes the engine, then lets the next process in.
func (l *lockedEngine) Close() error {
	return errors.Join(l.Engine.Close(), l.lock.Release())
}

// progressPrinter returns an engine.Progress that writes a line to stderr at most
// once per interval, and the last step when it completes.
func progressPrinter(e env, every time.Duration) engine.Progress {
	var last time.Time
	return func(step string, done, total int) {
		now := time.Now()
		if now.Sub(last) < every && done != total {
			return
		}
		if last.IsZero() && done == total {
			return // a short step needs no report
		}
		last = now
		if total > 0 {
			fmt.Fprintf(e.stderr, "%s: %d/%d (%.0f%%)\n", step, done, total, 100*float64(done)/float64(total))
		} else {
			fmt.Fprintf(e.stderr, "%s: %d\n", step, done)
		}
	}
}
