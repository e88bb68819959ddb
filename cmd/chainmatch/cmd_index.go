package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
)

const indexSummary = `Manage the search index, which is derived from the database and can always be
rebuilt. "rebuild" builds a fresh index with the offline builder and swaps it in
atomically; commands that read the index rebuild it by themselves when it is
missing, corrupt or behind the database.

example: chainmatch index rebuild --data ./chainmatch-data`

func cmdIndex() command {
	return command{name: "index", summary: "rebuild the search index from the database", run: runIndex}
}

func runIndex(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "index", "rebuild [--data DIR]", indexSummary)
	cfg.dataFlags(fs)
	// The action comes first, its flags after it: chainmatch index rebuild --data DIR.
	action := ""
	if len(e.args) > 0 && !strings.HasPrefix(e.args[0], "-") {
		action, e.args = e.args[0], e.args[1:]
	}
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if action != "rebuild" || fs.NArg() > 0 {
		return fmt.Errorf("%w: index: the only action is rebuild (chainmatch index rebuild [--data DIR])", errUsage)
	}
	lock, err := lockDataDir(ctx, cfg.Data, "index", e.stderr)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer lock.Release()
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer eng.Close()
	start := time.Now()
	if err := eng.RebuildIndex(ctx, progressPrinter(e, 2*time.Second)); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	fmt.Fprintf(e.stdout, "index rebuilt at generation %d in %s\n", eng.StoreGeneration(ctx), time.Since(start).Round(time.Millisecond))
	return nil
}
