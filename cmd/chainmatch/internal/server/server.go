package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

// ImportFunc imports one uploaded file (CSV, XLSX or JSONL; format "" picks it by the
// file's extension) into the store on behalf of user, and returns the summary the
// client gets as JSON. Field errors in it are answered with 422.
type ImportFunc func(ctx context.Context, path, format, user string) (any, error)

// Deps are everything the server needs. Engine, Store and Log are required.
type Deps struct {
	Engine Engine
	Store  *store.Store
	// Import runs an import; nil answers POST /api/v1/import with 503.
	Import  ImportFunc
	Log     *slog.Logger
	Metrics *Metrics // nil: a new one
	// RequireAuth makes every API request carry a token; otherwise loopback requests
	// without a token act as the local admin.
	RequireAuth bool
	// MaxBodyBytes bounds JSON request bodies (default 1 MiB); MaxUploadBytes bounds
	// uploaded files (default 256 MiB).
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// RequestTimeout bounds each API request but imports (default 30 s); its context
	// is cancelled then, which stops searches and matches.
	RequestTimeout time.Duration
	// RatePerSecond and RateBurst shape each token's (or address's) token bucket
	// (defaults 20/s and 40).
	RatePerSecond float64
	RateBurst     int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Server serves the API. Build it with NewServer.
type Server struct {
	deps    Deps
	log     *slog.Logger
	metrics *Metrics
	limiter *limiter
	router  chi.Router
}

// NewServer returns the API handler.
func NewServer(deps Deps) http.Handler { return newServer(deps) }

func newServer(deps Deps) *Server {
	if deps.Engine == nil || deps.Store == nil || deps.Log == nil {
		panic("server: Deps.Engine, Deps.Store and Deps.Log are required")
	}
	if deps.Metrics == nil {
		deps.Metrics = NewMetrics()
	}
	if deps.MaxBodyBytes <= 0 {
		deps.MaxBodyBytes = 1 << 20
	}
	if deps.MaxUploadBytes <= 0 {
		deps.MaxUploadBytes = 256 << 20
	}
	if deps.RequestTimeout <= 0 {
		deps.RequestTimeout = 30 * time.Second
	}
	if deps.RatePerSecond <= 0 {
		deps.RatePerSecond = 20
	}
	if deps.RateBurst <= 0 {
		deps.RateBurst = 40
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	s := &Server{deps: deps, log: deps.Log, metrics: deps.Metrics,
		limiter: newLimiter(deps.RatePerSecond, deps.RateBurst, deps.Now)}
	s.router = s.routes()
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// handlerFunc is an HTTP handler that returns its error for the adapter to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts h: a returned error is answered through the error table.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// Errors of the HTTP layer itself.
var (
	// errMalformed marks a request the server could not read (bad JSON, unknown or
	// mistyped fields, bad query parameters): 400, where ErrInvalid alone is 422.
	errMalformed   error = malformedError{}
	errTooLarge          = errors.New("request body too large")
	errRateLimited       = errors.New("rate limit exceeded")
	errNoMethod          = errors.New("method not allowed")
)

type malformedError struct{}

func (malformedError) Error() string { return "malformed request" }
func (malformedError) Unwrap() error { return chainmatch.ErrInvalid }

// errorTable maps errors to statuses and codes, first match wins.
var errorTable = []struct {
	err    error
	status int
	code   string
}{
	{errTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{errRateLimited, http.StatusTooManyRequests, "rate_limited"},
	{errNoMethod, http.StatusMethodNotAllowed, "method_not_allowed"},
	{errMalformed, http.StatusBadRequest, "bad_request"},
	{chainmatch.ErrInvalid, http.StatusUnprocessableEntity, "invalid"},
	{chainmatch.ErrNotFound, http.StatusNotFound, "not_found"},
	{chainmatch.ErrConflict, http.StatusConflict, "conflict"},
	{chainmatch.ErrUnauthorized, http.StatusUnauthorized, "unauthorized"},
	{chainmatch.ErrForbidden, http.StatusForbidden, "forbidden"},
	{chainmatch.ErrUnavailable, http.StatusServiceUnavailable, "unavailable"},
	{context.DeadlineExceeded, http.StatusGatewayTimeout, "timeout"},
}

type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code := http.StatusInternalServerError, "internal"
	for _, e := range errorTable {
		if errors.Is(err, e.err) {
			status, code = e.status, e.code
			break
		}
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = err.Error()
	body.Error.Fields = chainmatch.Fields(err)
	switch status {
	case http.StatusInternalServerError:
		s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()), "err", err)
		body.Error.Message = "internal error (request " + requestID(r.Context()) + ")"
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="chainmatch"`)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads one JSON object from the body into v: unknown fields, trailing data
// and mistyped values are malformed (400); a body over the limit is 413.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	body := http.MaxBytesReader(w, r.Body, s.deps.MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{"body": "more than one JSON value"})
	}
	return nil
}

func decodeError(err error) error {
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return fmt.Errorf("%w: limit is %d bytes", errTooLarge, mbe.Limit)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{"body": "empty; a JSON object is required"})
	case errors.As(err, &se):
		return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{"body": fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)})
	case errors.As(err, &te):
		field := jsonPath(te.Field)
		if field == "" {
			field = "body"
		}
		return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{field: "must be " + jsonKind(te.Type.Kind().String())})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{name: "unknown field"})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{"body": "truncated JSON"})
	}
	return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{"body": err.Error()})
}

// jsonPath drops the Go names of embedded structs from a decoder's field path
// (MatchRequest.county → county); JSON names here are lower case.
func jsonPath(p string) string {
	var keep []string
	for _, part := range strings.Split(p, ".") {
		if part != "" && strings.ToLower(part) == part {
			keep = append(keep, part)
		}
	}
	return strings.Join(keep, ".")
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

// Middleware.

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyInfo
)

// reqInfo is filled in as a request passes the middleware; observe reads it after.
type reqInfo struct {
	principal *principal
}

func principalOf(ctx context.Context) *principal {
	if info, ok := ctx.Value(keyInfo).(*reqInfo); ok {
		return info.principal
	}
	return nil
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

// withRequestID takes a sane X-Request-Id from the client or makes one, and echoes it.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !saneID(id) {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyRequestID, id)))
	})
}

func saneID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// observe logs every request as JSON and counts it by route pattern and status.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r = r.WithContext(context.WithValue(r.Context(), keyInfo, &reqInfo{}))
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "request_id", requestID(r.Context()), "panic", fmt.Sprint(v))
				if ww.Status() == 0 {
					s.writeError(ww, r, fmt.Errorf("panic: %v", v))
				}
			}
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			route := "unmatched"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			d := time.Since(start)
			s.metrics.observeRequest(r.Method, route, status, d)
			user := ""
			if p := principalOf(r.Context()); p != nil {
				user = p.Name
			}
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", requestID(r.Context())),
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", route),
				slog.Int("status", status), slog.Int("bytes", ww.BytesWritten()),
				slog.Float64("ms", float64(d.Microseconds())/1000), slog.String("user", user),
				slog.String("remote", r.RemoteAddr))
		}()
		next.ServeHTTP(ww, r)
	})
}

// timeout bounds a request's context.
func timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}
