package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
)

// openEngine opens the engine on cfg's data and loads it, telling stderr how the
// load goes when it takes a while.
func openEngine(ctx context.Context, e env, cfg Config, log *slog.Logger) (*engine.Engine, error) {
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database, Log: log})
	if err != nil {
		return nil, err
	}
	if err := eng.Load(ctx, progressPrinter(e, 2*time.Second)); err != nil {
		eng.Close()
		return nil, err
	}
	return eng, nil
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
