package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/server"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/web"
	"github.com/chainmatch/chainmatch/datasets/read"
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
		Observe: metrics.ObserveStage, Loaded: metrics.ObserveLoad})
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
	h := serveHandler(eng, server.Deps{Log: log, Metrics: metrics, LoopbackAdmin: *devLoopback, UploadDir: uploads,
		ImportTimeout: *importTimeout})

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		if err := prepare(ctx, eng, log, engine.Demo{Enterprises: *demoEnt, Talents: *demoTal, Seed: *demoSeed}); err != nil {
			cancel(err)
			return
		}
		eng.Follow(ctx, *followEvery)
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

// serveHandler is what serve serves: the API on eng, uploads imported through
// eng.Import, and the UI. deps holds the server's settings; serveHandler fills in
// what comes from the engine.
func serveHandler(eng *engine.Engine, deps server.Deps) http.Handler {
	deps.Engine, deps.Planner, deps.Store = serverEngine{eng}, serverEngine{eng}, eng.Store()
	deps.Import = func(ctx context.Context, path, format, name, _ string) (any, error) {
		return eng.Import(ctx, importer.Options{Format: read.Format(format), Name: name}, path)
	}
	deps.Eval = func(ctx context.Context, outcomes []chainmatch.Outcome, k int, relevant []chainmatch.Status, w, against *chainmatch.Weights) (any, error) {
		if against != nil {
			return eng.BacktestAgainst(ctx, outcomes, k, relevant, w, against)
		}
		return eng.Backtest(ctx, outcomes, k, relevant, w)
	}
	return web.Site(server.NewServer(deps))
}

// prepare adds the demo pool to an empty store, then loads the engine, logging
// how far the load has come every few seconds.
func prepare(ctx context.Context, eng *engine.Engine, log *slog.Logger, demo engine.Demo) error {
	start := time.Now()
	if _, err := eng.AddDemo(ctx, demo); err != nil {
		return err
	}
	last := time.Time{}
	progress := func(step string, done, total int) {
		if time.Since(last) > 5*time.Second || done == total {
			last = time.Now()
			log.Info(step, "done", done, "total", total)
		}
	}
	if err := eng.Load(ctx, progress); err != nil {
		return err
	}
	ents, tals := eng.Sizes()
	log.Info("ready", "enterprises", ents, "talents", tals, "generation", eng.Generation(),
		"took", time.Since(start).Round(time.Millisecond).String())
	return nil
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
