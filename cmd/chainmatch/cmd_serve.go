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
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/server"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/web"
	"github.com/chainmatch/chainmatch/datasets/read"
	"github.com/chainmatch/chainmatch/datasets/synth"
)

const serveSummary = `Serve the JSON API (design.md §5) and the web UI.

On an empty data directory it first adds a synthetic demo pool (chainmatch gen with
--demo-enterprises/--demo-talents/--demo-seed; every record says "source":
"synthetic") through the normal import, then loads the pool and builds the index;
/readyz answers 503 until that is done and the log says what happened and how long
it took. Later runs start from what is on disk.

Every API request needs a token. The first run makes an admin token and prints
a sign-in address with it once (http://127.0.0.1:8080/?token=...); the web UI
keeps it for the browser tab. More tokens: chainmatch user add. The peer address
grants nothing: a forwarder or proxy in front of the server changes nothing.
--dev-loopback-admin (development only, never in front of a proxy) lets loopback
requests without a token act as the local admin, as before.

One server per data directory: a second one refuses at once, naming the first.
Every few seconds (--follow-every) the server checks the database's generation and
brings its pool and index forward, whichever instance or CLI import wrote.
SIGINT or SIGTERM stops accepting, drains the requests in flight, closes the index
last and exits 0; a second SIGINT ends it at once.

examples: chainmatch serve
          chainmatch serve --addr 0.0.0.0:8080 --data /srv/chainmatch
          chainmatch serve --database postgres://chainmatch@db/chainmatch`

func cmdServe() command {
	return command{name: "serve", summary: "serve the API and the web UI (demo data on first run)", run: runServe}
}

func runServe(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "serve", "[--addr 127.0.0.1:8080] [--data DIR]", serveSummary)
	cfg.dataFlags(fs)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on (env CHAINMATCH_ADDR)")
	fs.Bool("require-auth", true, "every request needs a token (the default; kept for old scripts)")
	devLoopback := fs.Bool("dev-loopback-admin", false, "DEVELOPMENT ONLY: loopback requests without a token act as the local admin (unsafe behind any proxy or forwarder)")
	adminAddr := fs.String("admin-addr", "", "separate address for pprof (e.g. 127.0.0.1:6060); off when empty; any non-loopback address needs an admin token")
	followEvery := fs.Duration("follow-every", 2*time.Second, "how often to check the database for changes made elsewhere (other instances, chainmatch import)")
	importTimeout := fs.Duration("import-timeout", 10*time.Minute, "time limit of an upload and its import")
	demoEnt := fs.Int("demo-enterprises", 50000, "synthetic enterprises added on an empty data directory (0: none)")
	demoTal := fs.Int("demo-talents", 5000, "synthetic talents added on an empty data directory")
	demoSeed := fs.Uint64("demo-seed", 1, "seed of the synthetic demo pool")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	loopback := isLoopback(ln.Addr())
	if *devLoopback && !loopback {
		return fmt.Errorf("%w: --dev-loopback-admin needs a loopback --addr, not %s", errUsage, ln.Addr())
	}
	lock, err := lockDataDir(ctx, cfg.Data, "serve addr="+ln.Addr().String(), e.stderr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer lock.Release()
	uploads := filepath.Join(cfg.Data, "tmp")
	if n, err := server.RemoveStaleUploads(uploads); err != nil {
		log.Warn("stale uploads", "dir", uploads, "err", err.Error())
	} else if n > 0 {
		log.Info("removed uploads an earlier run left behind", "dir", uploads, "files", n)
	}

	metrics := server.NewMetrics()
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database, Log: log,
		Observe: metrics.ObserveStage})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// The index closes last: after the server has drained.
	defer eng.Close()

	if *devLoopback {
		const banner = "DEVELOPMENT MODE (--dev-loopback-admin): every loopback request without a token is the ADMIN. " +
			"Anything that forwards to this port (nginx, ssh -L, a TCP forwarder) makes every client admin. Never use it on a shared machine."
		log.Warn(banner, "addr", ln.Addr().String())
		fmt.Fprint(e.stderr, "\n!!! "+banner+"\n\n")
	} else if err := signIn(ctx, e, eng, ln.Addr(), log); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	imp := func(ctx context.Context, path, format, user string) (any, error) {
		sum, err := importInto(ctx, eng, cfg.Data, path, read.Format(format))
		if err != nil {
			return nil, err
		}
		// From here on the rows are committed: whatever fails later, the answer
		// says they were stored.
		log.Info("import over HTTP", "user", user, "file", filepath.Base(path), "read", sum.Read,
			"accepted", sum.Accepted, "updated", sum.Updated, "rejected", sum.Rejected)
		res := httpImportResult{Summary: sum, IndexCurrent: true}
		rejects, err := readRejects(sum.RejectsFile, maxRejectsShown)
		if err != nil {
			log.Warn("import over HTTP: rejects file", "err", err.Error())
			res.Notes = append(res.Notes, "the rejected rows could not be read back: "+err.Error())
		}
		res.Rejects = rejects
		start := time.Now()
		if err := eng.Load(context.WithoutCancel(ctx), nil); err != nil {
			log.Warn("import committed; the index is behind and will catch up", "err", err.Error())
			res.IndexCurrent = false
			res.Notes = append(res.Notes, "the rows are committed; search and match catch up within seconds (the index update failed once and is retried)")
			return res, nil
		}
		recordLoad(metrics, eng, time.Since(start))
		return res, nil
	}
	backtest := func(ctx context.Context, outcomes []chainmatch.Outcome, k int, relevant []chainmatch.Status, w *chainmatch.Weights) (any, error) {
		return eng.Backtest(ctx, outcomes, k, relevant, w)
	}
	h := withUI(server.NewServer(server.Deps{Engine: serverEngine{eng}, Planner: serverEngine{eng}, Store: eng.Store(), Import: imp, Eval: backtest, Log: log,
		Metrics: metrics, LoopbackAdmin: *devLoopback, UploadDir: uploads, ImportTimeout: *importTimeout}), web.Handler())

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		if err := prepare(ctx, eng, cfg, log, metrics, *demoEnt, *demoTal, *demoSeed); err != nil {
			cancel(err)
			return
		}
		follow(ctx, eng, *followEvery, log, metrics)
	}()
	if *adminAddr != "" {
		aln, err := net.Listen("tcp", *adminAddr)
		if err != nil {
			return fmt.Errorf("serve: admin address: %w", err)
		}
		needToken := !isLoopback(aln.Addr())
		log.Info("pprof on the admin address", "addr", aln.Addr().String(), "admin_token_required", needToken)
		go server.Serve(ctx, aln, server.AdminHandler(eng.Store(), needToken), log.With("listener", "admin"))
	}
	err = server.Serve(ctx, ln, h, log)
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return fmt.Errorf("serve: %w", cause)
	}
	return err
}

// firstAdmin names the admin user the first run makes.
const firstAdmin = "admin"

// signIn makes the first admin token when the store has no user and prints the
// sign-in address with it, once, on stdout (never in the log). Later runs say how
// to get a token.
func signIn(ctx context.Context, e env, eng *engine.Engine, addr net.Addr, log *slog.Logger) error {
	users, err := eng.Store().Users(ctx)
	if err != nil {
		return err
	}
	if len(users) > 0 {
		log.Info("every request needs a token; the first run printed a sign-in address, and chainmatch user add --name NAME --role admin makes another",
			"addr", addr.String())
		return nil
	}
	_, token, err := eng.Store().AddUser(ctx, firstAdmin, chainmatch.RoleAdmin, "chainmatch serve (first run)")
	if errors.Is(err, chainmatch.ErrConflict) {
		return nil // another instance on the same database made it
	}
	if err != nil {
		return err
	}
	u := signInURL(addr, token)
	log.Info("first run: made the admin token; the sign-in address is on standard output, shown once", "user", firstAdmin)
	fmt.Fprintf(e.stdout, "\nchainmatch: first run — sign in as %s with this address (shown once; keep it private):\n\n    %s\n\n"+
		"More tokens: chainmatch user add --name NAME --role viewer|editor|analyst|admin\n\n", firstAdmin, u)
	return nil
}

// signInURL is the address that signs the UI in: the listen address, with
// 127.0.0.1 for an unspecified host, and the token.
func signInURL(addr net.Addr, token string) string {
	host, port := "127.0.0.1", "8080"
	if t, ok := addr.(*net.TCPAddr); ok {
		port = strconv.Itoa(t.Port)
		if !t.IP.IsUnspecified() && t.IP != nil {
			host = t.IP.String()
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/?token=" + url.QueryEscape(token)
}

// follow keeps the engine at the store's generation: every interval it reads the
// generation and, when another instance or a CLI import moved it (or an earlier
// load failed), loads again, which brings the pool and the index forward.
func follow(ctx context.Context, eng *engine.Engine, every time.Duration, log *slog.Logger, metrics *server.Metrics) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	lastErr := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		gen, err := eng.Store().Generation(ctx)
		if err == nil && gen == eng.Generation() {
			continue
		}
		start := time.Now()
		if err == nil {
			err = eng.Load(ctx, nil)
		}
		if err != nil {
			if ctx.Err() == nil && err.Error() != lastErr {
				log.Warn("following the database", "err", err.Error())
			}
			lastErr = err.Error()
			continue
		}
		lastErr = ""
		recordLoad(metrics, eng, time.Since(start))
		ents, tals := eng.Sizes()
		log.Info("caught up with the database", "generation", eng.Generation(), "enterprises", ents, "talents", tals,
			"took", time.Since(start).Round(time.Millisecond).String())
	}
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
	m.SetIndexSize(chainmatch.KindEnterprise, ents)
	m.SetIndexSize(chainmatch.KindTalent, tals)
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
	err = synth.Generate(f, synth.GenConfig{Enterprises: enterprises, Talents: talents, Seed: seed}, eng.Chains(), counties)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	sum, err := importInto(ctx, eng, dataDir, path, read.FormatJSONL)
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
func importInto(ctx context.Context, eng *engine.Engine, dataDir, path string, format read.Format) (importer.Summary, error) {
	deps := importer.Deps{Store: eng.Store(), Tagger: eng.Tagger(), Locate: read.RegionsLocator(eng.Regions())}
	return importer.Run(ctx, deps, importer.Options{Format: format, RejectsDir: filepath.Join(dataDir, "rejects")}, []string{path})
}

// maxRejectsShown bounds the rejected rows an HTTP import answers with; the
// rejects file on the server has them all.
const maxRejectsShown = 200

// httpImportResult is the import summary with the first rejected rows. A
// committed import is never reported as failed: when the index could not follow
// at once, IndexCurrent is false and Notes say it catches up.
type httpImportResult struct {
	importer.Summary
	Rejects      []rejectedRow `json:"rejects"`
	IndexCurrent bool          `json:"index_current"`
	Notes        []string      `json:"notes,omitempty"`
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

// withUI sends GET requests for the UI's pages (web.IsPage: /, /counties/...,
// /analyst, /lists/...) and files to ui and everything else to api. The pages are
// static and public; the API calls they make carry the user's token.
func withUI(api, ui http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && web.IsPage(r.URL.Path) {
			ui.ServeHTTP(w, r)
			return
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

func (s serverEngine) Fit(ctx context.Context, req server.FitRequest) (chainmatch.Weights, any, error) {
	res, err := s.Engine.Fit(ctx, req)
	if err != nil {
		return chainmatch.Weights{}, nil, err
	}
	return res.Weights, res, nil
}
