package engine

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
)

// TestImportLoadFaultAndLoaded: the engine adds the demo pool once; Loaded hears
// of every load that changed what the engine answers from and of no other; an
// import whose load fails (Fault) is committed and pending, and the next load
// brings the engine to the import's generation.
func TestImportLoadFaultAndLoaded(t *testing.T) {
	ctx := context.Background()
	type load struct {
		gen        int64
		ents, tals int
	}
	var loads []load
	fail := false
	dir := t.TempDir()
	eng, err := Open(ctx, Config{DataDir: dir, Now: fixedNow, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Loaded: func(gen int64, ents, tals int, _ time.Duration) { loads = append(loads, load{gen, ents, tals}) },
		Fault: func(step string) error {
			if fail && step == "load" {
				return errors.New("injected")
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	demo := Demo{Enterprises: 120, Talents: 5, Seed: 2}
	if added, err := eng.AddDemo(ctx, demo); err != nil || !added {
		t.Fatalf("demo pool on an empty store: added %v, %v", added, err)
	}
	if added, err := eng.AddDemo(ctx, demo); err != nil || added {
		t.Fatalf("demo pool on a store with records: added %v, %v", added, err)
	}
	for range 2 {
		if err := eng.Load(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(loads) != 1 || loads[0] != (load{eng.Generation(), 120, 5}) {
		t.Fatalf("loads %+v, want one at generation %d with 120 and 5", loads, eng.Generation())
	}

	file := filepath.Join(t.TempDir(), "one.jsonl")
	os.WriteFile(file, []byte(`{"name":"故障注入测试电机有限公司","county":"331122","scope":"电机"}`+"\n"+`{"county":"331122"}`+"\n"), 0o644)
	fail = true
	res, err := eng.Import(ctx, importer.Options{}, file)
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 1 || res.Index != IndexPending || res.Current || len(res.Notes) != 1 ||
		len(res.Rejects) != 1 || res.Rejects[0].Line != 2 || len(loads) != 1 || eng.Generation() >= res.Generation {
		t.Fatalf("import with a failing load: %+v; loads %+v; engine at %d", res, loads, eng.Generation())
	}
	fail = false
	if err := eng.Load(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if eng.Generation() != res.Generation || len(loads) != 2 || loads[1].ents != 121 {
		t.Fatalf("after the next load: engine at %d (import %d), loads %+v", eng.Generation(), res.Generation, loads)
	}
	hits, err := eng.Search(ctx, SearchRequest{Kind: chainmatch.KindEnterprise, Text: "故障注入测试电机", Limit: 1})
	if err != nil || len(hits.Hits) == 0 {
		t.Fatalf("the imported row is not found after the load: %+v, %v", hits, err)
	}
}
