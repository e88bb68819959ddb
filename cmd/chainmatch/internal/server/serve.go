package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

// DrainTimeout is how long Serve waits for requests in flight after ctx is done.
const DrainTimeout = 30 * time.Second

// Serve serves h on ln until ctx is done, then stops accepting connections, waits
// up to DrainTimeout for the requests in flight to complete and returns nil (or the
// error that stopped it). The server has read, write and idle timeouts.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads
		WriteTimeout:      5 * time.Minute, // exports and imports
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests in flight", "addr", ln.Addr().String(), "timeout", DrainTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), DrainTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		srv.Close()
		return err
	}
	log.Info("stopped", "addr", ln.Addr().String())
	return nil
}

// AdminHandler serves pprof under /debug/pprof/, for a separate admin address
// only (never the public one). With requireToken (any address but loopback) every
// request needs an admin's token. /debug/pprof/cmdline is not served: the command
// line may hold a database password.
func AdminHandler(st *store.Store, requireToken bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/debug/pprof/cmdline" {
			http.NotFound(w, r)
			return
		}
		pprof.Index(w, r)
	})
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	if !requireToken {
		return mux
	}
	fails := newLimiter(0.2, 10, time.Now)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer := peerKey(r)
		if fails.exhausted(peer) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many failed sign-ins from this address", http.StatusTooManyRequests)
			return
		}
		token, ok, err := bearer(r)
		if err != nil || !ok {
			fails.allow(peer)
			w.Header().Set("WWW-Authenticate", `Bearer realm="chainmatch admin"`)
			http.Error(w, "an admin token is required (Authorization: Bearer TOKEN)", http.StatusUnauthorized)
			return
		}
		u, err := st.UserByToken(r.Context(), token)
		switch {
		case err != nil && errors.Is(err, chainmatch.ErrNotFound):
			fails.allow(peer)
			http.Error(w, "unknown token", http.StatusUnauthorized)
		case err != nil:
			http.Error(w, "cannot check the token now", http.StatusServiceUnavailable)
		case u.Role != chainmatch.RoleAdmin:
			http.Error(w, "pprof needs an admin token", http.StatusForbidden)
		default:
			mux.ServeHTTP(w, r)
		}
	})
}
