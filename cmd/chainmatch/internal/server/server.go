package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

// ImportFunc imports one uploaded file (CSV, XLSX or JSONL; format "" picks it by the
// file's extension), saved at path, into the store on behalf of user, and returns
// the summary the client gets as JSON. name is what the file goes by: the upload's
// own file name, else "upload by USER"; it is the source of the records that name
// none. Field errors in it are answered with 422.
type ImportFunc func(ctx context.Context, path, format, name, user string) (any, error)

// Deps are everything the server needs. Engine, Store and Log are required.
type Deps struct {
	Engine Engine
	// Planner answers city-wide runs, county views and fits; nil: 503.
	Planner Planner
	Store   *store.Store
	// Import runs an import; nil answers POST /api/v1/import with 503.
	Import ImportFunc
	// Eval runs a backtest; nil answers POST /api/v1/eval with 503.
	Eval    EvalFunc
	Log     *slog.Logger
	Metrics *Metrics // nil: a new one
	// LoopbackAdmin is a development setting: a direct loopback request without a
	// token acts as the local admin. Off, every API request needs a token.
	LoopbackAdmin bool
	// MaxBodyBytes bounds JSON request bodies (default 1 MiB); MaxUploadBytes bounds
	// uploaded files (default 256 MiB).
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// RequestTimeout bounds each API request but imports (default 30 s); its context
	// is cancelled then, which stops searches and matches.
	RequestTimeout time.Duration
	// ImportTimeout bounds an upload and its import (default 10 min); past it the
	// import is cancelled and nothing of it is committed.
	ImportTimeout time.Duration
	// MaxImports is how many imports may run at once (default 2); more are 503.
	MaxImports int
	// UploadDir holds uploads while they are imported (default os.TempDir());
	// RemoveStaleUploads clears what a crash left there.
	UploadDir string
	// RatePerSecond and RateBurst shape each token's (or address's) token bucket
	// (defaults 20/s and 40).
	RatePerSecond float64
	RateBurst     int
	// AuthFailPerSecond and AuthFailBurst shape each address's allowance of failed
	// sign-ins (defaults 0.2/s and 10): past it the address gets 429 until it refills.
	AuthFailPerSecond float64
	AuthFailBurst     int
	// MaxInFlight is how many API requests are served at once (default 4 per CPU,
	// at least 8); up to MaxQueued more wait at most QueueWait for a slot (defaults
	// 8×MaxInFlight and 1 s); the rest are answered 503 with Retry-After.
	MaxInFlight int
	MaxQueued   int
	QueueWait   time.Duration
	// MaxFieldErrors bounds the field errors an answer lists (default 100); the
	// answer says how many there were in all.
	MaxFieldErrors int
	// MaxListRows bounds the rows of an edited list sheet (default 100,000).
	MaxListRows int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Server serves the API. Build it with NewServer.
type Server struct {
	deps      Deps
	log       *slog.Logger
	metrics   *Metrics
	limiter   *limiter
	authFails *limiter
	shed      *shedder
	imports   chan struct{}
	router    chi.Router
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
	if deps.ImportTimeout <= 0 {
		deps.ImportTimeout = 10 * time.Minute
	}
	if deps.MaxImports <= 0 {
		deps.MaxImports = 2
	}
	if deps.UploadDir == "" {
		deps.UploadDir = os.TempDir()
	}
	if deps.RatePerSecond <= 0 {
		deps.RatePerSecond = 20
	}
	if deps.RateBurst <= 0 {
		deps.RateBurst = 40
	}
	if deps.AuthFailPerSecond <= 0 {
		deps.AuthFailPerSecond = 0.2
	}
	if deps.AuthFailBurst <= 0 {
		deps.AuthFailBurst = 10
	}
	if deps.MaxInFlight <= 0 {
		deps.MaxInFlight = max(8, 4*runtime.GOMAXPROCS(0))
	}
	if deps.MaxQueued <= 0 {
		deps.MaxQueued = 8 * deps.MaxInFlight
	}
	if deps.QueueWait <= 0 {
		deps.QueueWait = time.Second
	}
	if deps.MaxFieldErrors <= 0 {
		deps.MaxFieldErrors = 100
	}
	if deps.MaxListRows <= 0 {
		deps.MaxListRows = 100000
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	s := &Server{deps: deps, log: deps.Log, metrics: deps.Metrics,
		limiter:   newLimiter(deps.RatePerSecond, deps.RateBurst, deps.Now),
		authFails: newLimiter(deps.AuthFailPerSecond, deps.AuthFailBurst, deps.Now),
		shed:      newShedder(deps.MaxInFlight, deps.MaxQueued, deps.QueueWait),
		imports:   make(chan struct{}, deps.MaxImports)}
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
	errTooLarge          = errors.New("request too large")
	errRateLimited       = errors.New("rate limit exceeded")
	errNoMethod          = errors.New("method not allowed")
	// errOverloaded is the server at capacity: 503 with Retry-After.
	errOverloaded = errors.New("server at capacity, try again shortly")
)

type malformedError struct{}

func (malformedError) Error() string { return "malformed request" }
func (malformedError) Unwrap() error { return chainmatch.ErrInvalid }

// limitError is what a reader's bounded-input error offers (datasets.LimitError):
// which limit was passed and its value. It is 413.
type limitError interface {
	error
	Limit() (name string, max int64)
}

// isLimit matches errors that passed an input limit: a reader's limitError, or a
// line longer than the scanner takes.
func isLimit(err error) bool {
	var le limitError
	return errors.As(err, &le) || errors.Is(err, bufio.ErrTooLong)
}

// errorTable maps errors to statuses and codes, first match wins: 4xx for what
// the client sent, 503 (with Retry-After) for a dependency that is unavailable
// (the database down or busy, the storage read-only, the server at capacity),
// 507 for a full disk (it does not clear by waiting), 500 only for our own bugs.
// An entry with a say tells the client that in place of the error's own words,
// which may name paths, hosts and users; those go to the log.
var errorTable = []struct {
	match  func(error) bool
	status int
	code   string
	say    string
}{
	{is(errTooLarge), http.StatusRequestEntityTooLarge, "too_large", ""},
	{isLimit, http.StatusRequestEntityTooLarge, "too_large", ""},
	{is(errRateLimited), http.StatusTooManyRequests, "rate_limited", ""},
	{is(errNoMethod), http.StatusMethodNotAllowed, "method_not_allowed", ""},
	{is(errOverloaded), http.StatusServiceUnavailable, "overloaded", ""},
	{is(errMalformed), http.StatusBadRequest, "bad_request", ""},
	{is(chainmatch.ErrInvalid), http.StatusUnprocessableEntity, "invalid", ""},
	{is(chainmatch.ErrNotFound), http.StatusNotFound, "not_found", ""},
	{is(chainmatch.ErrConflict), http.StatusConflict, "conflict", ""},
	{is(chainmatch.ErrUnauthorized), http.StatusUnauthorized, "unauthorized", ""},
	{is(chainmatch.ErrForbidden), http.StatusForbidden, "forbidden", ""},
	{store.Full, http.StatusInsufficientStorage, "storage_full",
		"数据目录所在磁盘已满（或数据库已达容量上限），无法写入；请释放空间后重试。" +
			" The data directory's disk is full (or the database reached its size limit), so the write failed; free space, then try again."},
	{store.ReadOnly, http.StatusServiceUnavailable, "read_only",
		"数据目录或数据库当前为只读，无法写入；请检查磁盘挂载与权限。" +
			" The data directory or database is read-only, so the write failed; check the disk's mount and permissions."},
	{is(chainmatch.ErrUnavailable), http.StatusServiceUnavailable, "unavailable", ""},
	{store.Unavailable, http.StatusServiceUnavailable, "unavailable", ""},
	{is(context.DeadlineExceeded), http.StatusGatewayTimeout, "timeout", ""},
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// retryAfter is the Retry-After of a 503: a second when shedding, longer when a
// dependency is down.
func retryAfter(code string) string {
	if code == "overloaded" {
		return "1"
	}
	return "5"
}

type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
		// FieldErrors is how many field errors there were when Fields lists only
		// the first Deps.MaxFieldErrors of them.
		FieldErrors int `json:"field_errors,omitempty"`
	} `json:"error"`
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code, say := http.StatusInternalServerError, "internal", ""
	for _, e := range errorTable {
		if e.match(err) {
			status, code, say = e.status, e.code, e.say
			break
		}
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = err.Error()
	if say != "" {
		s.log.WarnContext(r.Context(), "request failed", "request_id", requestID(r.Context()), "code", code, "err", err)
		body.Error.Message = say + " (request " + requestID(r.Context()) + ")"
	}
	if fe := chainmatch.Fields(err); fe != nil {
		body.Error.Fields = fe
		var cf countedFields
		if errors.As(err, &cf) && cf.total > len(fe) {
			body.Error.FieldErrors = cf.total
			body.Error.Message = fmt.Sprintf("%d field errors; the first %d are listed", cf.total, len(fe))
		}
		if len(fe) > s.deps.MaxFieldErrors {
			body.Error.Fields = firstFields(fe, s.deps.MaxFieldErrors)
			body.Error.FieldErrors = len(fe)
			body.Error.Message = fmt.Sprintf("%d field errors; the first %d are listed", len(fe), s.deps.MaxFieldErrors)
		}
	}
	if len(body.Error.Message) > 2000 {
		body.Error.Message = body.Error.Message[:2000] + "…"
	}
	switch status {
	case http.StatusInternalServerError:
		s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()), "err", err)
		body.Error.Message = "internal error (request " + requestID(r.Context()) + ")"
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", retryAfter(code))
		if code == "unavailable" && !errors.Is(err, chainmatch.ErrUnavailable) {
			// The driver's words may name hosts and users: they go to the log only.
			s.log.WarnContext(r.Context(), "dependency unavailable", "request_id", requestID(r.Context()), "err", err)
			body.Error.Message = "a dependency is unavailable (database or storage); try again (request " + requestID(r.Context()) + ")"
		}
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="chainmatch"`)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, body)
}

// countedFields are the first field errors of many and how many there were.
type countedFields struct {
	chainmatch.FieldErrors
	total int
}

func (c countedFields) Error() string {
	if c.total <= len(c.FieldErrors) {
		return c.FieldErrors.Error()
	}
	return fmt.Sprintf("%d errors; the first %d: %s", c.total, len(c.FieldErrors), c.FieldErrors.Error())
}

func (c countedFields) Unwrap() error { return c.FieldErrors }

// firstFields keeps the first n field errors in key order.
func firstFields(fe chainmatch.FieldErrors, n int) map[string]string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]string, n)
	for _, k := range keys[:n] {
		out[k] = fe[k]
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads one JSON object from the body into v: unknown fields, trailing data
// and mistyped values are malformed (400); so is text that is not valid UTF-8 or
// holds NUL, named by its field (the JSON decoder would silently store U+FFFD);
// a body over the limit is 413.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.deps.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return malformed("body", err.Error())
	}
	if field, msg := badJSONText(b); field != "" {
		return malformed(field, msg)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{"body": "more than one JSON value"})
	}
	return nil
}

// badJSONText finds the first string of a JSON document (key or value) that is
// not valid UTF-8 or holds NUL, and returns its field path (a key is named by
// itself) and what is wrong; "" when all is well or the JSON does not parse (the
// decoder reports that).
func badJSONText(b []byte) (field, msg string) {
	if utf8.Valid(b) && !bytes.Contains(b, []byte(`\u0000`)) {
		return "", ""
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		object    bool
		key       string
		index     int
		expectKey bool
	}
	var stack []frame
	path := func() string {
		var parts []string
		for _, f := range stack {
			if f.object {
				parts = append(parts, f.key)
			} else {
				parts = append(parts, fmt.Sprintf("[%d]", f.index))
			}
		}
		return strings.ReplaceAll(strings.Join(parts, "."), ".[", "[")
	}
	// afterValue moves the innermost container on past one value.
	afterValue := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].expectKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return "", ""
		}
		raw := b[start:dec.InputOffset()]
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, expectKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				afterValue()
			}
			continue
		case string:
			isKey := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].expectKey
			if isKey {
				stack[len(stack)-1].key = t
				stack[len(stack)-1].expectKey = false
			}
			bad := ""
			switch {
			case !utf8.Valid(raw):
				bad = "is not valid UTF-8 (send text as UTF-8)"
			case strings.IndexByte(t, 0) >= 0:
				bad = "contains a NUL character (\\u0000)"
			}
			if bad != "" {
				p := path()
				if p == "" {
					p = "body"
				}
				return p, bad
			}
			if isKey {
				continue
			}
		}
		afterValue()
	}
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

// shedder bounds the API requests served at once: a request takes a slot, or
// waits at most wait for one among at most maxQueued others; past that it is shed.
type shedder struct {
	slots     chan struct{}
	queued    atomic.Int64
	maxQueued int64
	wait      time.Duration
}

func newShedder(inFlight, maxQueued int, wait time.Duration) *shedder {
	return &shedder{slots: make(chan struct{}, inFlight), maxQueued: int64(maxQueued), wait: wait}
}

// acquire takes a slot, reporting false when the request should be shed.
func (sh *shedder) acquire(ctx context.Context) bool {
	select {
	case sh.slots <- struct{}{}:
		return true
	default:
	}
	if sh.queued.Add(1) > sh.maxQueued {
		sh.queued.Add(-1)
		return false
	}
	defer sh.queued.Add(-1)
	t := time.NewTimer(sh.wait)
	defer t.Stop()
	select {
	case sh.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (sh *shedder) release() { <-sh.slots }

// limitInFlight sheds API requests past the server's capacity with 503 and
// Retry-After, so that the requests it takes are answered in bounded time.
func (s *Server) limitInFlight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.shed.acquire(r.Context()) {
			s.metrics.shed.Inc()
			s.writeError(w, r, fmt.Errorf("%d requests in flight: %w", cap(s.shed.slots), errOverloaded))
			return
		}
		s.metrics.inFlight.Inc()
		defer func() {
			s.metrics.inFlight.Dec()
			s.shed.release()
		}()
		next.ServeHTTP(w, r)
	})
}
