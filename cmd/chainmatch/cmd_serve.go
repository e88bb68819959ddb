package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/server"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/web"
	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/index"
	"github.com/chainmatch/chainmatch/match"
)

const serveSummary = `Serve the JSON API (design.md §5) and the web UI.

On an empty data directory it first adds a synthetic demo pool (chainmatch gen with
--demo-enterprises/--demo-talents/--demo-seed; every record says "source":
"synthetic") through the normal import, then loads the pool and builds the index;
/readyz answers 503 until that is done and the log says what happened and how long
it took. Later runs start from what is on disk.

By default it listens on 127.0.0.1:8080 and treats requests from loopback without a
token as the local admin. On any other address, or with --require-auth, every
request needs a token (chainmatch user add). SIGINT or SIGTERM stops accepting,
drains the requests in flight, closes the index last and exits 0.

examples: chainmatch serve
          chainmatch serve --addr 0.0.0.0:8080 --data /srv/chainmatch
          chainmatch serve --database postgres://chainmatch@db/chainmatch --require-auth`

func cmdServe() command {
	return command{name: "serve", summary: "serve the API and the web UI (demo data on first run)", run: runServe}
}

func runServe(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "serve", "[--addr 127.0.0.1:8080] [--data DIR]", serveSummary)
	cfg.dataFlags(fs)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on (env CHAINMATCH_ADDR)")
	requireAuth := fs.Bool("require-auth", false, "every request needs a token, loopback too")
	adminAddr := fs.String("admin-addr", "", "separate address for pprof (e.g. 127.0.0.1:6060); off when empty")
	demoEnt := fs.Int("demo-enterprises", 50000, "synthetic enterprises added on an empty data directory (0: none)")
	demoTal := fs.Int("demo-talents", 5000, "synthetic talents added on an empty data directory")
	demoSeed := fs.Uint64("demo-seed", 1, "seed of the synthetic demo pool")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	metrics := server.NewMetrics()
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database, Log: log,
		Observe: metrics.ObserveStage})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// The index closes last: after the server has drained.
	defer eng.Close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	loopback := isLoopback(ln.Addr())
	auth := *requireAuth || !loopback
	if auth {
		log.Info("every request needs a token (chainmatch user add)", "addr", ln.Addr().String())
	} else {
		log.Info("loopback requests without a token act as the local admin; use --require-auth to refuse them", "addr", ln.Addr().String())
	}
	imp := func(ctx context.Context, path, format, user string) (any, error) {
		sum, err := importInto(ctx, eng, cfg.Data, path, datasets.Format(format))
		if err != nil {
			return nil, err
		}
		rejects, err := readRejects(sum.RejectsFile, maxRejectsShown)
		if err != nil {
			return nil, err
		}
		log.Info("import over HTTP", "user", user, "file", filepath.Base(path), "read", sum.Read,
			"accepted", sum.Accepted, "updated", sum.Updated, "rejected", sum.Rejected)
		start := time.Now()
		if err := eng.Load(ctx, nil); err != nil {
			return nil, err
		}
		recordLoad(metrics, eng, time.Since(start))
		return httpImportResult{Summary: sum, Rejects: rejects}, nil
	}
	h := withUI(server.NewServer(server.Deps{Engine: serverEngine{eng}, Store: eng.Store(), Import: imp, Log: log,
		Metrics: metrics, RequireAuth: auth}), web.Handler())

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		if err := prepare(ctx, eng, cfg, log, metrics, *demoEnt, *demoTal, *demoSeed); err != nil {
			cancel(err)
		}
	}()
	if *adminAddr != "" {
		aln, err := net.Listen("tcp", *adminAddr)
		if err != nil {
			return fmt.Errorf("serve: admin address: %w", err)
		}
		go server.Serve(ctx, aln, server.AdminHandler(), log.With("listener", "admin"))
	}
	err = server.Serve(ctx, ln, h, log)
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return fmt.Errorf("serve: %w", cause)
	}
	return err
}

// prepare adds the demo pool to an empty store, then loads the engine.
func prepare(ctx context.Context, eng *engine.Engine, cfg Config, log *slog.Logger, metrics *server.Metrics, demoEnt, demoTal int, seed uint64) error {
	start := time.Now()
	nEnt, nTal, err := eng.Store().Counts(ctx)
	if err != nil {
		return err
	}
	if nEnt == 0 && nTal == 0 && demoEnt+demoTal > 0 {
		log.Info("empty data directory: adding a synthetic demo pool", "enterprises", demoEnt, "talents", demoTal, "seed", seed)
		if err := addDemoPool(ctx, eng, cfg.Data, demoEnt, demoTal, seed); err != nil {
			return fmt.Errorf("demo pool: %w", err)
		}
		log.Info("demo pool imported", "took", time.Since(start).Round(time.Millisecond).String())
	}
	last := time.Time{}
	progress := func(step string, done, total int) {
		if time.Since(last) > 5*time.Second || done == total {
			last = time.Now()
			log.Info(step, "done", done, "total", total)
		}
	}
	loadStart := time.Now()
	if err := eng.Load(ctx, progress); err != nil {
		return err
	}
	recordLoad(metrics, eng, time.Since(loadStart))
	ents, tals := eng.Sizes()
	log.Info("ready", "enterprises", ents, "talents", tals, "generation", eng.Generation(),
		"took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

func recordLoad(m *server.Metrics, eng *engine.Engine, d time.Duration) {
	ents, tals := eng.Sizes()
	m.SetIndexSize(index.KindEnterprise, ents)
	m.SetIndexSize(index.KindTalent, tals)
	m.SetGeneration(eng.Generation())
	m.SetLoadDuration(d)
}

// addDemoPool writes a synthetic pool into the data directory and imports it
// through the normal pipeline, then removes the file.
func addDemoPool(ctx context.Context, eng *engine.Engine, dataDir string, enterprises, talents int, seed uint64) error {
	counties := eng.Counties()
	path := filepath.Join(dataDir, "demo-pool.synthetic.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	err = datasets.Generate(f, datasets.GenConfig{Enterprises: enterprises, Talents: talents, Seed: seed}, eng.Chains(), counties)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	sum, err := importInto(ctx, eng, dataDir, path, datasets.FormatJSONL)
	if err != nil {
		return err
	}
	if sum.Rejected > 0 {
		return fmt.Errorf("%d synthetic rows rejected (see %s)", sum.Rejected, sum.RejectsFile)
	}
	return nil
}

// importInto runs one file through the import pipeline into the engine's store;
// rejected rows go to DATA/rejects, as with chainmatch import.
func importInto(ctx context.Context, eng *engine.Engine, dataDir, path string, format datasets.Format) (importer.Summary, error) {
	deps := importer.Deps{Store: eng.Store(), Tagger: eng.Tagger(), Locate: datasets.RegionsLocator(eng.Regions())}
	return importer.Run(ctx, deps, importer.Options{Format: format, RejectsDir: filepath.Join(dataDir, "rejects")}, []string{path})
}

// maxRejectsShown bounds the rejected rows an HTTP import answers with; the
// rejects file on the server has them all.
const maxRejectsShown = 200

// httpImportResult is the import summary with the first rejected rows.
type httpImportResult struct {
	importer.Summary
	Rejects []rejectedRow `json:"rejects"`
}

// rejectedRow is one row of a rejects file: where it was and why.
type rejectedRow struct {
	File   string   `json:"file"`
	Line   int      `json:"line"`
	Field  string   `json:"field"`
	Reason string   `json:"reason"`
	Row    []string `json:"row"`
}

// readRejects reads up to max rows of a rejects file (file, line, field, reason,
// then the row as it was); no file means no rejects.
func readRejects(path string, max int) ([]rejectedRow, error) {
	out := []rejectedRow{}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rejects: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil { // header
		return nil, fmt.Errorf("rejects %s: %w", path, err)
	}
	for len(out) < max {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("rejects %s: %w", path, err)
		}
		if len(rec) < 4 {
			continue
		}
		line, _ := strconv.Atoi(rec[1])
		out = append(out, rejectedRow{File: rec[0], Line: line, Field: rec[2], Reason: rec[3], Row: rec[4:]})
	}
	return out, nil
}

// withUI sends GET requests for the UI's page and files to ui and everything else
// to api. The page is static and public; the API calls it makes carry the
// user's token when one is needed.
func withUI(api, ui http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			switch r.URL.Path {
			case "/", "/index.html", "/app.js", "/style.css":
				ui.ServeHTTP(w, r)
				return
			}
		}
		api.ServeHTTP(w, r)
	})
}

func isLoopback(a net.Addr) bool {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.IsLoopback()
	}
	return false
}

// serverEngine adapts the engine to the server's Engine interface.
type serverEngine struct{ *engine.Engine }

func (s serverEngine) Match(ctx context.Context, req server.MatchRequest) (*match.Result, error) {
	return s.Engine.Match(ctx, engine.MatchRequest(req))
}

func (s serverEngine) Search(ctx context.Context, req server.SearchRequest) (*server.SearchResult, error) {
	q := index.Query{Text: req.Text, Chain: req.Chain, Node: req.Node, Province: req.Province, Tags: req.Tags,
		Limit: req.Limit, Offset: req.Offset}
	switch req.Kind {
	case "", index.KindEnterprise:
		q.Kind = index.KindEnterprise
	case index.KindTalent:
		q.Kind = index.KindTalent
	case "all":
	default:
		return nil, chainmatch.FieldErrors{"kind": "must be enterprise, talent or all"}
	}
	res, err := s.Engine.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &server.SearchResult{Total: res.Total, Hits: make([]server.SearchHit, len(res.Hits))}
	for i, h := range res.Hits {
		out.Hits[i] = server.SearchHit(h)
	}
	return out, nil
}
