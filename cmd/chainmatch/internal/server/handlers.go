package server

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/match"
)

func errNoRoute(r *http.Request) error {
	return fmt.Errorf("no route %s %s: %w", r.Method, r.URL.Path, chainmatch.ErrNotFound)
}

func errMethod(r *http.Request) error {
	return fmt.Errorf("%s %s: %w", r.Method, r.URL.Path, errNoMethod)
}

func isNotFound(err error) bool { return errors.Is(err, chainmatch.ErrNotFound) }

// malformed returns a 400 error naming a field.
func malformed(field, reason string) error {
	return fmt.Errorf("%w: %w", errMalformed, chainmatch.FieldErrors{field: reason})
}

// intParam reads an integer query parameter in [lo, hi], def when absent.
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, malformed(name, fmt.Sprintf("must be an integer in [%d, %d]", lo, hi))
	}
	return n, nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// readyz says whether the engine has loaded and the database answers; it names
// neither the database's host nor its user (the log has the details).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if !s.deps.Engine.Ready() {
		return fmt.Errorf("engine is loading: %w", chainmatch.ErrUnavailable)
	}
	if err := s.deps.Store.Ping(r.Context()); err != nil {
		s.log.WarnContext(r.Context(), "readyz: database does not answer", "err", err)
		return fmt.Errorf("database does not answer: %w", chainmatch.ErrUnavailable)
	}
	writeJSON(w, http.StatusOK, map[string]any{"ready": true})
	return nil
}

//go:embed openapi.yaml
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(openAPIDoc)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, principalOf(r.Context()))
	return nil
}

func (s *Server) listChains(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.deps.Engine.Chains())
	return nil
}

func (s *Server) chain(id string) (*chainmatch.Chain, error) {
	chains := s.deps.Engine.Chains()
	for i := range chains {
		if chains[i].ID == id {
			return &chains[i], nil
		}
	}
	return nil, fmt.Errorf("chain %q: %w", id, chainmatch.ErrNotFound)
}

func (s *Server) getChain(w http.ResponseWriter, r *http.Request) error {
	c, err := s.chain(chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// listCounties lists counties, optionally of one province (?province=33), only the
// profiled ones (?profiled=true), or those positioned on a chain (?chain=ID).
func (s *Server) listCounties(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	prov, chain := q.Get("province"), q.Get("chain")
	profiled := q.Get("profiled") == "true" || q.Get("profiled") == "1"
	out := []chainmatch.County{}
	for _, c := range s.deps.Engine.Counties() {
		if prov != "" && c.Province != prov || profiled && !c.Profiled() {
			continue
		}
		if chain != "" && !positioned(&c, chain) {
			continue
		}
		out = append(out, c)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func positioned(c *chainmatch.County, chain string) bool {
	for _, p := range c.Positioning {
		if p.Chain == chain {
			return true
		}
	}
	return false
}

func (s *Server) getCounty(w http.ResponseWriter, r *http.Request) error {
	c, err := s.deps.Engine.County(chi.URLParam(r, "code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) countyGaps(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("chain") == "" {
		return fmt.Errorf("gaps: %w", chainmatch.FieldErrors{"chain": "required (?chain=ID)"})
	}
	version, err := intParam(r, "weights_version", 0, 0, 1<<30)
	if err != nil {
		return err
	}
	wt, err := s.resolveWeights(r.Context(), weightsRef{Name: q.Get("weights"), Version: version})
	if err != nil {
		return err
	}
	g, err := s.deps.Engine.Gaps(r.Context(), chi.URLParam(r, "code"), q.Get("chain"), wt)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}

func (s *Server) searchEnterprises(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := intParam(r, "limit", 20, 1, 1000)
	if err != nil {
		return err
	}
	offset, err := intParam(r, "offset", 0, 0, 100000)
	if err != nil {
		return err
	}
	req := SearchRequest{Kind: q.Get("kind"), Text: q.Get("q"), Chain: q.Get("chain"), Node: q.Get("node"),
		Province: splitList(q["province"]), Tags: splitList(q["tag"]), Limit: limit, Offset: offset}
	res, err := s.deps.Engine.Search(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// splitList accepts repeated parameters and comma-separated values.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (s *Server) getEnterprise(w http.ResponseWriter, r *http.Request) error {
	e, err := s.deps.Engine.Enterprise(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

// weightsRef selects weights: a stored profile by name (version 0: the latest), or
// inline weights; empty means the engine's default.
type weightsRef struct {
	Name    string              `json:"name,omitempty"`
	Version int                 `json:"version,omitempty"`
	Weights *chainmatch.Weights `json:"weights,omitempty"`
}

func (s *Server) resolveWeights(ctx context.Context, ref weightsRef) (*chainmatch.Weights, error) {
	switch {
	case ref.Weights != nil && ref.Name != "":
		return nil, chainmatch.FieldErrors{"weights": "give a profile name or inline weights, not both"}
	case ref.Weights != nil:
		if err := ref.Weights.Validate(); err != nil {
			return nil, err
		}
		return ref.Weights, nil
	case ref.Name == "":
		return nil, nil
	}
	w, err := s.deps.Store.Weights(ctx, ref.Name, ref.Version)
	if def := match.DefaultWeights(); isNotFound(err) && ref.Name == def.Name && (ref.Version == 0 || ref.Version == def.Version) {
		// The built-in profile GET /api/v1/weights lists, until one is stored under its name.
		return &def, nil
	}
	if isNotFound(err) {
		return nil, chainmatch.FieldErrors{"weights_name": fmt.Sprintf("no weight profile %q version %d (0 is the latest)", ref.Name, ref.Version)}
	}
	return w, err
}

// matchBody is the body of POST /api/v1/match: the engine's request plus an
// optional stored weight profile.
type matchBody struct {
	MatchRequest
	WeightsName    string `json:"weights_name,omitempty"`
	WeightsVersion int    `json:"weights_version,omitempty"`
}

func (s *Server) runMatch(ctx context.Context, b *matchBody) (*match.Result, error) {
	w, err := s.resolveWeights(ctx, weightsRef{Name: b.WeightsName, Version: b.WeightsVersion, Weights: b.Weights})
	if err != nil {
		return nil, err
	}
	req := b.MatchRequest
	req.Weights = w
	return s.deps.Engine.Match(ctx, req)
}

func (s *Server) match(w http.ResponseWriter, r *http.Request) error {
	var b matchBody
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	if b.City != "" {
		return s.cityMatch(w, r, &b)
	}
	res, err := s.runMatch(r.Context(), &b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

type ahpBody struct {
	Criteria []string    `json:"criteria"`
	Matrix   [][]float64 `json:"matrix"`
}

func (s *Server) ahp(w http.ResponseWriter, r *http.Request) error {
	var b ahpBody
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	if len(b.Criteria) > 0 && len(b.Criteria) != len(b.Matrix) {
		return fmt.Errorf("ahp: %w", chainmatch.FieldErrors{"criteria": fmt.Sprintf("%d criteria for a %d×%d matrix", len(b.Criteria), len(b.Matrix), len(b.Matrix))})
	}
	res, err := match.AHP(b.Matrix)
	if err != nil {
		return err
	}
	out := struct {
		match.AHPResult
		Criteria    []string           `json:"criteria,omitempty"`
		ByCriterion map[string]float64 `json:"by_criterion,omitempty"`
	}{AHPResult: res, Criteria: b.Criteria}
	if len(b.Criteria) > 0 {
		out.ByCriterion = map[string]float64{}
		for i, c := range b.Criteria {
			out.ByCriterion[c] = res.Weights[i]
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) listWeights(w http.ResponseWriter, r *http.Request) error {
	profiles, err := s.deps.Store.WeightProfiles(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"default": match.DefaultWeights(), "profiles": profiles})
	return nil
}

func (s *Server) getWeights(w http.ResponseWriter, r *http.Request) error {
	version, err := intParam(r, "version", 0, 0, 1<<30)
	if err != nil {
		return err
	}
	name := chi.URLParam(r, "name")
	wt, err := s.deps.Store.Weights(r.Context(), name, version)
	if def := match.DefaultWeights(); isNotFound(err) && name == def.Name && (version == 0 || version == def.Version) {
		wt, err = &def, nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wt)
	return nil
}

// saveWeights stores a new version of a profile; the author is the caller.
func (s *Server) saveWeights(w http.ResponseWriter, r *http.Request) error {
	var wt chainmatch.Weights
	if err := s.decode(w, r, &wt); err != nil {
		return err
	}
	wt.Author = who(r.Context())
	if err := s.deps.Store.SaveWeights(r.Context(), &wt); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, wt)
	return nil
}

type sandboxBody struct {
	MatchRequest
	A   weightsRef `json:"a"`
	B   weightsRef `json:"b"`
	Top int        `json:"top,omitempty"` // compare the top N (default: the limit)
}

type sandboxSide struct {
	Weights chainmatch.Weights  `json:"weights"`
	Targets []chainmatch.Target `json:"targets"`
}

// sandbox ranks the same request under two weightings and compares the rankings.
func (s *Server) sandbox(w http.ResponseWriter, r *http.Request) error {
	var b sandboxBody
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	if b.Weights != nil {
		return fmt.Errorf("sandbox: %w", chainmatch.FieldErrors{"weights": "give the two weightings as a and b"})
	}
	var sides [2]sandboxSide
	for i, ref := range []weightsRef{b.A, b.B} {
		wt, err := s.resolveWeights(r.Context(), ref)
		if err != nil {
			return prefixFields(err, string(rune('a'+i)))
		}
		req := b.MatchRequest
		req.Weights = wt
		res, err := s.deps.Engine.Match(r.Context(), req)
		if err != nil {
			return err
		}
		sides[i] = sandboxSide{Weights: res.Weights, Targets: res.Targets}
	}
	writeJSON(w, http.StatusOK, map[string]any{"a": sides[0], "b": sides[1],
		"comparison": match.Compare(sides[0].Targets, sides[1].Targets, b.Top)})
	return nil
}

// prefixFields renames the field errors in err to prefix.field.
func prefixFields(err error, prefix string) error {
	fe := chainmatch.Fields(err)
	if fe == nil {
		return err
	}
	out := chainmatch.FieldErrors{}
	for k, v := range fe {
		out[prefix+"."+k] = v
	}
	return out
}

func (s *Server) listOutcomes(w http.ResponseWriter, r *http.Request) error {
	out, err := s.deps.Store.Outcomes(r.Context(), r.URL.Query().Get("county"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) addOutcome(w http.ResponseWriter, r *http.Request) error {
	var o chainmatch.Outcome
	if err := s.decode(w, r, &o); err != nil {
		return err
	}
	if o.Source == "" {
		o.Source = "api by " + who(r.Context())
	}
	if err := s.deps.Store.AddOutcome(r.Context(), &o); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	users, err := s.deps.Store.Users(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, users)
	return nil
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Name string `json:"name"`
		Role string `json:"role"`
	}
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	u, token, err := s.deps.Store.AddUser(r.Context(), b.Name, b.Role, who(r.Context()))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"user": u, "token": token})
	return nil
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request) error {
	if err := s.deps.Store.DeleteUser(r.Context(), chi.URLParam(r, "name"), who(r.Context())); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 100, 1, 10000)
	if err != nil {
		return err
	}
	entries, err := s.deps.Store.Audit(r.Context(), r.URL.Query().Get("entity"), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, entries)
	return nil
}

// limitImports lets Deps.MaxImports imports run at once; more are 503.
func (s *Server) limitImports(next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		select {
		case s.imports <- struct{}{}:
		default:
			return fmt.Errorf("%d imports are running: %w", cap(s.imports), errOverloaded)
		}
		defer func() { <-s.imports }()
		next.ServeHTTP(w, r)
		return nil
	})
}

// errImportTime is an upload and import that passed Deps.ImportTimeout.
var errImportTime = errors.New("import time limit")

// importData takes a file as multipart (field "file") or as the raw body (the
// format from ?format= or the Content-Type: NDJSON, CSV or XLSX), stores it in a
// temporary file and runs the import pipeline on it, all within
// Deps.ImportTimeout; a client that goes away cancels it.
func (s *Server) importData(w http.ResponseWriter, r *http.Request) error {
	if s.deps.Import == nil {
		return fmt.Errorf("imports are not enabled on this server: %w", chainmatch.ErrUnavailable)
	}
	ctx, cancel := context.WithTimeoutCause(r.Context(), s.deps.ImportTimeout, errImportTime)
	defer cancel()
	r = r.WithContext(ctx)
	path, name, format, cleanup, err := s.upload(w, r)
	if err != nil {
		return s.importTimeout(ctx, err)
	}
	defer cleanup()
	if name == "" {
		name = "upload by " + who(ctx)
	}
	sum, err := s.deps.Import(ctx, path, format, name, who(ctx))
	if err != nil {
		return s.importTimeout(ctx, err)
	}
	s.deps.Log.Info("import over HTTP", "user", who(ctx), "file", name, "saved_as", filepath.Base(path))
	writeJSON(w, http.StatusOK, sum)
	return nil
}

// importTimeout names the time limit when it is what stopped an import: 413,
// the file is too large to import in the time allowed.
func (s *Server) importTimeout(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errImportTime) {
		return fmt.Errorf("%w: an upload and its import may take at most %s; nothing was committed (split the file): %w",
			errTooLarge, s.deps.ImportTimeout, err)
	}
	return err
}

var formatByMIME = map[string]string{
	"application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/json": "jsonl",
	"text/csv": "csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}

// uploadFormats are the formats an upload may name (?format= or the file's extension).
var uploadFormats = map[string]bool{"jsonl": true, "ndjson": true, "csv": true, "tsv": true, "txt": true, "xlsx": true, "xlsm": true, "json": true}

// uploadPattern names upload files, so that RemoveStaleUploads finds what a
// crash left behind.
const uploadPattern = "chainmatch-upload-*"

// RemoveStaleUploads removes the upload files in dir (a crash can leave them);
// call it at start-up, before serving. It returns how many it removed.
func RemoveStaleUploads(dir string) (int, error) {
	names, err := filepath.Glob(filepath.Join(dir, uploadPattern))
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, name := range names {
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// upload saves the request's file to a temporary file in Deps.UploadDir named with
// the format's extension and returns its path, the file's own name (the multipart
// file name or ?filename=, without folders; "" when neither gives one) and the
// format ("" when only the name can tell). An empty upload is 400, an unknown
// format 400 naming "format".
func (s *Server) upload(w http.ResponseWriter, r *http.Request) (path, name, format string, cleanup func(), err error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.deps.MaxUploadBytes)
	format = strings.ToLower(r.URL.Query().Get("format"))
	name = r.URL.Query().Get("filename")
	var src io.Reader = r.Body
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		mr, err := r.MultipartReader()
		if err != nil {
			return "", "", "", nil, malformed("body", err.Error())
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return "", "", "", nil, malformed("file", "a multipart field \"file\" is required")
				}
				return "", "", "", nil, uploadError(err)
			}
			if part.FormName() == "file" {
				src, name = part, part.FileName()
				break
			}
		}
	} else if format == "" {
		format = formatByMIME[mt]
	}
	ext := strings.ToLower(filepath.Ext(name))
	if format == "" && ext == "" {
		return "", "", "", nil, malformed("format", "say ?format=jsonl|csv|xlsx, send a Content-Type, or a file name with an extension")
	}
	if format != "" {
		ext = "." + format
	}
	if !uploadFormats[strings.TrimPrefix(ext, ".")] {
		return "", "", "", nil, malformed("format", fmt.Sprintf("%q is not a format chainmatch reads: want jsonl, csv or xlsx", strings.TrimPrefix(ext, ".")))
	}
	if err := os.MkdirAll(s.deps.UploadDir, 0o700); err != nil {
		return "", "", "", nil, err
	}
	f, err := os.CreateTemp(s.deps.UploadDir, uploadPattern+ext)
	if err != nil {
		return "", "", "", nil, err
	}
	cleanup = func() { os.Remove(f.Name()) }
	n, err := io.Copy(f, contextReader{r.Context(), src})
	if err != nil {
		f.Close()
		cleanup()
		return "", "", "", nil, uploadError(err)
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", "", "", nil, err
	}
	if n == 0 {
		cleanup()
		return "", "", "", nil, malformed("file", "the upload is empty")
	}
	return f.Name(), uploadName(name), format, cleanup, nil
}

// uploadName is the last element of an uploaded file's name, whichever
// separator the client's system uses (C:\data\名单.xlsx is 名单.xlsx), without
// control characters and at most maxUploadName characters (it names records'
// source and the rejects file).
func uploadName(name string) string {
	if k := strings.LastIndexAny(name, `/\`); k >= 0 {
		name = name[k+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	if rs := []rune(name); len(rs) > maxUploadName {
		ext := []rune(filepath.Ext(name))
		if len(ext) > 16 {
			ext = nil
		}
		name = string(rs[:maxUploadName-len(ext)]) + string(ext)
	}
	return strings.TrimSpace(name)
}

// maxUploadName bounds an upload's name as chainmatch keeps it.
const maxUploadName = 100

// contextReader stops reading once ctx is done (an upload past its time limit).
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func uploadError(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return fmt.Errorf("%w: uploads are limited to %d bytes", errTooLarge, mbe.Limit)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return fmt.Errorf("upload: %w", err)
	case store.Unavailable(err):
		return err
	}
	return malformed("body", err.Error())
}

// featuresBody is what GET /api/v1/features answers: every label a client shows
// beside a number, in Chinese and English, from their one home in the root package
// (the UI, the CLI and the exports read the same names).
type featuresBody struct {
	Features  []chainmatch.FeatureInfo `json:"features"`
	GapParts  []chainmatch.CodeLabel   `json:"gap_parts"`
	GapLevels []chainmatch.GapLevel    `json:"gap_levels"`
	Tags      []chainmatch.CodeLabel   `json:"tags"`
	Statuses  []chainmatch.CodeLabel   `json:"statuses"`
	Channels  []chainmatch.CodeLabel   `json:"channels"`
	Stages    []chainmatch.CodeLabel   `json:"stages"`
}

// features lists the scored features (chainmatch.FeatureTable), the gap parts in
// chainmatch.GapParts' order and the other labels.
func (s *Server) features(w http.ResponseWriter, r *http.Request) error {
	parts := make([]chainmatch.CodeLabel, len(chainmatch.GapParts))
	for i, p := range chainmatch.GapParts {
		parts[i] = chainmatch.LabelOf(chainmatch.GapPartLabels, p)
	}
	writeJSON(w, http.StatusOK, featuresBody{Features: chainmatch.FeatureTable, GapParts: parts,
		GapLevels: chainmatch.GapLevels, Tags: chainmatch.TagLabels, Statuses: chainmatch.StatusLabels,
		Channels: chainmatch.ChannelLabels, Stages: chainmatch.StageLabels})
	return nil
}

// EvalFunc backtests the ranking under w (nil: the default weights) against
// outcomes: NDCG@k, recall@k, MAP and MRR of the model and of the baselines, as
// `chainmatch eval --format json` prints them; with against, also under those
// weights, and the change from them to w (eval --against).
type EvalFunc func(ctx context.Context, outcomes []chainmatch.Outcome, k int, relevant []chainmatch.Status, w, against *chainmatch.Weights) (any, error)

type evalBody struct {
	// County restricts the outcomes to one county's ("": all).
	County string `json:"county,omitempty"`
	K      int    `json:"k,omitempty"`
	// Relevant are the outcome types that count (default signed, landed).
	Relevant       []chainmatch.Status `json:"relevant,omitempty"`
	WeightsName    string              `json:"weights_name,omitempty"`
	WeightsVersion int                 `json:"weights_version,omitempty"`
	Weights        *chainmatch.Weights `json:"weights,omitempty"`
	// Against, when set, is a second profile (stored or inline) to compare with:
	// the answer's "against" holds its metrics and the change per measure.
	Against *weightsRef `json:"against,omitempty"`
}

// eval backtests the ranking on the outcomes recorded in the database (every
// status a list item moves to is one), under a stored profile or inline weights.
func (s *Server) eval(w http.ResponseWriter, r *http.Request) error {
	if s.deps.Eval == nil {
		return fmt.Errorf("backtests are not enabled on this server: %w", chainmatch.ErrUnavailable)
	}
	var b evalBody
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	fe := chainmatch.FieldErrors{}
	if b.K == 0 {
		b.K = 20
	}
	if b.K < 1 || b.K > 1000 {
		fe.Add("k", "must be in [1, 1000]")
	}
	if len(b.Relevant) == 0 {
		b.Relevant = []chainmatch.Status{chainmatch.StatusSigned, chainmatch.StatusLanded}
	}
	for i, st := range b.Relevant {
		if !chainmatch.ValidStatus(st) {
			fe.Add(fmt.Sprintf("relevant[%d]", i), fmt.Sprintf("%q is not a status (%v)", st, chainmatch.Statuses))
		}
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	wt, err := s.resolveWeights(r.Context(), weightsRef{Name: b.WeightsName, Version: b.WeightsVersion, Weights: b.Weights})
	if err != nil {
		return err
	}
	var against *chainmatch.Weights
	if b.Against != nil {
		if against, err = s.resolveWeights(r.Context(), *b.Against); err != nil {
			var fe chainmatch.FieldErrors
			if errors.As(err, &fe) {
				in := chainmatch.FieldErrors{}
				for f, msg := range fe {
					in["against."+f] = msg
				}
				return in
			}
			return err
		}
		if against == nil {
			def := match.DefaultWeights()
			against = &def
		}
	}
	outcomes, err := s.deps.Store.Outcomes(r.Context(), b.County)
	if err != nil {
		return err
	}
	if len(outcomes) == 0 {
		return fmt.Errorf("eval: %w", chainmatch.FieldErrors{"outcomes": "none recorded yet: move items of a target list along (contacted, visited, signed, ...) or POST /api/v1/outcomes"})
	}
	res, err := s.deps.Eval(r.Context(), outcomes, b.K, b.Relevant, wt, against)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
