package importer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
	"github.com/chainmatch/chainmatch/datasets/read"
)

// Tagger places records at chain nodes (match.Tagger does).
type Tagger interface {
	Enterprise(e *chainmatch.Enterprise) []chainmatch.NodeTag
	Talent(t *chainmatch.Talent) []chainmatch.NodeTag
}

// Deps are what an import needs. Store may be nil only for a dry run; Locate nil
// accepts location codes only; Place nil gives registered names no short name.
type Deps struct {
	Store  *store.Store
	Tagger Tagger
	Locate read.LocateFunc
	Place  read.PlaceFunc
}

// Options say how to import.
type Options struct {
	Format   read.Format // "" picks it by the file's extension
	Encoding string      // CSV encoding; "" detects
	Sheet    string      // XLSX sheet; "" is the first
	// Rename maps headers of the file to keys of the import format.
	Rename map[string]string
	// Name is what a single file goes by when its path is not its name (an
	// upload's own file name, or "upload by USER"): the source of its records
	// that name none, its name in the summary and in the rejects file's name.
	// "" uses the path.
	Name string
	// DryRun parses, validates, tags and matches against the database, then rolls
	// back: the summary says what an import would do.
	DryRun bool
	// RejectsFile is where rejected rows go (CSV, UTF-8 with BOM); "" puts them in
	// RejectsDir under a name made of the input's and the time. Warnings go next to
	// it with the suffix .warnings.csv. Nothing is written when there is nothing to say.
	RejectsFile string
	RejectsDir  string
	// Workers parse and tag rows in parallel; 0 uses GOMAXPROCS.
	Workers int
	// Progress, when set, is called about every ProgressEvery while a file is read.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// Now stamps rejects file names; nil uses time.Now.
	Now func() time.Time
}

// Progress reports how far the import of one file is.
type Progress struct {
	File  string
	Phase string // "store"; "store (2nd pass)" after a record repeated in the file
	Rows  int    // rows done in this phase
	Total int    // rows in the file, known in the store phase; 0 while scanning
	// Fraction of the phase done, in [0, 1].
	Fraction float64
	Elapsed  time.Duration
}

// Summary is what an import did. The JSON keys read, accepted, updated,
// rejected, rejects_file and warnings are the public contract (design.md §5).
type Summary struct {
	Read         int            `json:"read"`
	Accepted     int            `json:"accepted"` // new records
	Updated      int            `json:"updated"`
	Unchanged    int            `json:"unchanged"`
	Rejected     int            `json:"rejected"`
	RejectedBy   map[string]int `json:"rejected_by_reason"`
	Duplicates   int            `json:"duplicates"` // rows superseded by a later row of the same file
	Warnings     int            `json:"warnings"`
	RejectsFile  string         `json:"rejects_file"`
	WarningsFile string         `json:"warnings_file"`
	Enterprises  int            `json:"enterprises"` // records stored or matched, by kind
	Talents      int            `json:"talents"`
	DryRun       bool           `json:"dry_run,omitempty"`
	Generation   int64          `json:"generation"`
	Seconds      float64        `json:"seconds"`
	RowsPerSec   float64        `json:"rows_per_second"`
	Files        []FileSummary  `json:"files,omitempty"`
	// Preset names the column presets of the files, comma-separated.
	Preset string `json:"preset"`
}

// FileSummary is the part of a summary for one input file.
type FileSummary struct {
	File   string `json:"file"`
	Format string `json:"format"`
	// Preset is the column preset picked from the header (read.Presets), or
	// read.PresetImportFormat.
	Preset      string         `json:"preset"`
	PresetLabel string         `json:"preset_label,omitempty"`
	Read        int            `json:"read"`
	Accepted    int            `json:"accepted"`
	Updated     int            `json:"updated"`
	Unchanged   int            `json:"unchanged"`
	Rejected    int            `json:"rejected"`
	RejectedBy  map[string]int `json:"rejected_by_reason,omitempty"`
	Duplicates  int            `json:"duplicates"`
	Warnings    int            `json:"warnings"`
	// Enterprises and Talents count the records stored or matched, by kind.
	Enterprises int `json:"enterprises"`
	Talents     int `json:"talents"`
	// FirstWarnings are the first few warnings, for a person to read.
	FirstWarnings []read.Warning `json:"first_warnings,omitempty"`
}

// maxFirstWarnings is how many warnings a file summary carries.
const maxFirstWarnings = 20

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// errRepeat rolls back the first pass over a file in which a record repeats.
var errRepeat = errors.New("a record repeats in the file")

// Run imports files one after the other, each in one transaction: a failure or a
// kill leaves every file either fully stored or not at all. It returns the summary
// of what was done so far together with the first error.
func Run(ctx context.Context, deps Deps, opts Options, files []string) (Summary, error) {
	start := time.Now()
	sum := Summary{RejectedBy: map[string]int{}, DryRun: opts.DryRun}
	if deps.Store == nil && !opts.DryRun {
		return sum, errors.New("import: no store")
	}
	var out *outputs
	defer func() {
		if out != nil {
			out.close()
		}
	}()
	var err error
	if opts.Name != "" && len(files) != 1 {
		return sum, fmt.Errorf("import: a name (%q) is for one file, not %d", opts.Name, len(files))
	}
	for _, f := range files {
		name := f
		if opts.Name != "" {
			name = opts.Name
		}
		if out == nil {
			out = newOutputs(opts, name)
		}
		var fs FileSummary
		fs, err = importFile(ctx, deps, opts, f, name, out)
		if err != nil {
			// The file's transaction rolled back: none of its rows were stored,
			// and the summary counts only the files that were.
			break
		}
		sum.add(fs)
	}
	if out != nil {
		if cerr := out.close(); cerr != nil && err == nil {
			err = cerr
		}
		sum.RejectsFile, sum.WarningsFile = out.rejectsPath(), out.warningsPath()
		out = nil
	}
	if deps.Store != nil {
		if g, gerr := deps.Store.Generation(ctx); gerr == nil {
			sum.Generation = g
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.RowsPerSec = float64(sum.Read) / sum.Seconds
	}
	return sum, err
}

func (s *Summary) add(f FileSummary) {
	if f.File == "" {
		return
	}
	s.Read += f.Read
	s.Accepted += f.Accepted
	s.Updated += f.Updated
	s.Unchanged += f.Unchanged
	s.Rejected += f.Rejected
	s.Duplicates += f.Duplicates
	s.Warnings += f.Warnings
	s.Enterprises += f.Enterprises
	s.Talents += f.Talents
	for k, v := range f.RejectedBy {
		s.RejectedBy[k] += v
	}
	s.Files = append(s.Files, f)
	if f.Preset != "" && !strings.Contains(","+s.Preset+",", ","+f.Preset+",") {
		if s.Preset != "" {
			s.Preset += ","
		}
		s.Preset += f.Preset
	}
}

// importFile imports one file in one transaction. It reads the file once,
// storing as it goes, as long as no record repeats. When one does (a row is one
// record with an earlier row, by groups or by the seq the store answers), the
// rest of the file is only grouped, the transaction and the outputs are rolled
// back, and a second pass parses, tags and stores the last row of each group,
// counting the others as duplicates: last wins, and the file is read at most twice.
func importFile(ctx context.Context, deps Deps, opts Options, path, name string, out *outputs) (FileSummary, error) {
	fs := FileSummary{File: name, RejectedBy: map[string]int{}}
	format := opts.Format
	if format == "" {
		f, err := read.FormatOf(path)
		if err != nil {
			return fs, fmt.Errorf("import %s: %w: %w", name, chainmatch.ErrInvalid, err)
		}
		format = f
	}
	fs.Format = string(format)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	popts := read.ParseOptions{Locate: deps.Locate, Place: deps.Place, Rename: opts.Rename, Source: filepath.Base(name)}
	ropts := read.ReadOptions{Format: format, Encoding: opts.Encoding, Sheet: opts.Sheet}

	// The first pass stores as it reads, assuming no record repeats in the file.
	// When one does, it stops storing and tagging, only groups the remaining rows,
	// and rolls back (database and outputs); the second pass stores the last row
	// of every group.
	var (
		grp      *groups // the rows of each record, once a record repeated
		rowsRead int     // by the first pass
		noTags   atomic.Bool
	)

	tag := func(res *read.Result) {
		if deps.Tagger == nil || noTags.Load() {
			return
		}
		if res.Enterprise != nil {
			res.Enterprise.NodeTags = deps.Tagger.Enterprise(res.Enterprise)
		}
		if res.Talent != nil {
			res.Talent.NodeTags = deps.Tagger.Talent(res.Talent)
		}
	}
	storeAll := func(tx *store.ImportTx) error {
		single := grp == nil
		g := grp
		if single {
			g = newGroups()
		}
		noTags.Store(false)
		phase := "store"
		if !single {
			phase = "store (2nd pass)"
		}
		var (
			touchedT seqSet // talents' seqs, apart from enterprises'
			touched  seqSet // seqs stored from this file, in the single pass
			grouping bool   // a record repeated: only group the remaining rows
		)
		fs = FileSummary{File: name, Format: string(format), RejectedBy: map[string]int{}}
		if tx != nil && deps.Tagger != nil {
			tx.SetRetag(deps.Tagger.Enterprise)
		}
		// In the second pass, the earlier rows of a group that several rows share,
		// merged in file order; the group's last row adds itself and is stored.
		pending := map[int32]*chainmatch.Enterprise{}
		begin := func(header []string, p *read.Parser) error {
			fs.Preset = read.PresetName(p.Preset())
			if pr := p.Preset(); pr != nil {
				fs.PresetLabel = pr.Label
			}
			out.setHeader(format, header)
			for _, w := range p.HeaderWarnings() {
				fs.warn(w)
				if err := out.warning(name, w); err != nil {
					return err
				}
			}
			return nil
		}
		repeat := func() {
			grouping = true
			noTags.Store(true)
		}
		err := scan(ctx, path, ropts, popts, workers, tag, progressFunc(opts, name, phase, time.Now(), rowsRead), begin,
			func(i int, res *read.Result) error {
				fs.Read++
				for _, w := range res.Warnings {
					fs.warn(w)
					if err := out.warning(name, w); err != nil {
						return err
					}
				}
				if res.Reject != nil {
					fs.Rejected++
					fs.RejectedBy[res.Reject.Code]++
					return out.reject(name, res)
				}
				switch {
				case single:
					g.add(i, res)
					if grouping {
						return nil
					}
					if g.find(int32(i)) != int32(i) {
						repeat()
						return nil
					}
				case !g.wins(i):
					fs.Duplicates++
					if res.Enterprise != nil {
						r := g.root(i)
						if acc := pending[r]; acc != nil {
							mergeRows(acc, res.Enterprise)
						} else {
							pending[r] = res.Enterprise
						}
					}
					return nil
				default:
					if acc := pending[g.root(i)]; acc != nil && res.Enterprise != nil {
						delete(pending, g.root(i))
						mergeRows(acc, res.Enterprise)
						if deps.Tagger != nil {
							acc.NodeTags = deps.Tagger.Enterprise(acc)
						}
						res.Enterprise = acc
					}
				}
				var (
					r   store.UpsertResult
					err error
				)
				switch {
				case tx == nil:
					r.Change = store.Created
				case res.Enterprise != nil:
					r, err = tx.UpsertEnterprise(ctx, res.Enterprise)
				default:
					r, err = tx.UpsertTalent(ctx, res.Talent)
				}
				if err != nil {
					if errors.Is(err, chainmatch.ErrInvalid) || errors.Is(err, chainmatch.ErrConflict) {
						// The record conflicts with a stored one (an id owned by another
						// USCC): the row is rejected, the import goes on.
						fs.Rejected++
						code := "conflict"
						if errors.Is(err, chainmatch.ErrInvalid) {
							code = read.RejectInvalid
						}
						fs.RejectedBy[code]++
						res.Reject = &read.Reject{Line: res.Raw.Line, Code: code, Reason: err.Error()}
						return out.reject(name, res)
					}
					return fmt.Errorf("line %d: %w", res.Raw.Line, err)
				}
				set := &touched
				if res.Talent != nil {
					set = &touchedT
				}
				if tx != nil && set.add(r.Seq) {
					if single {
						// The row matched a record an earlier row of the file stored.
						repeat()
						return nil
					}
					// Merged into a record of an earlier group of this file (the store
					// links more loosely than groups do): a duplicate, not a second record.
					fs.Duplicates++
					return nil
				}
				if res.Enterprise != nil {
					fs.Enterprises++
				} else {
					fs.Talents++
				}
				switch r.Change {
				case store.Created:
					fs.Accepted++
				case store.Updated:
					fs.Updated++
				default:
					fs.Unchanged++
				}
				return nil
			})
		if err == nil && grouping {
			g.finish()
			grp, rowsRead = g, fs.Read
			return errRepeat
		}
		return err
	}
	storeFile := func() error {
		switch {
		case deps.Store == nil:
			return storeAll(nil)
		case opts.DryRun:
			err := deps.Store.Import(ctx, func(tx *store.ImportTx) error {
				if err := storeAll(tx); err != nil {
					return err
				}
				return errDryRun
			})
			if errors.Is(err, errDryRun) {
				err = nil
			}
			return err
		default:
			return deps.Store.Import(ctx, storeAll)
		}
	}
	m, err := out.mark()
	if err != nil {
		return fs, fmt.Errorf("import %s: nothing stored: %w", name, err)
	}
	err = storeFile()
	if errors.Is(err, errRepeat) {
		if err = out.rollback(m); err == nil {
			err = storeFile()
		}
	}
	if err != nil {
		// Nothing of the file was stored, so neither are its rejects and warnings:
		// the files list only rows of files that were.
		if rerr := out.rollback(m); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return fs, fmt.Errorf("import %s: nothing stored: %w", name, err)
	}
	return fs, nil
}

func (fs *FileSummary) warn(w read.Warning) {
	fs.Warnings++
	if len(fs.FirstWarnings) < maxFirstWarnings {
		fs.FirstWarnings = append(fs.FirstWarnings, w)
	}
}

// RejectedReasons lists the reject codes of a summary, most frequent first.
func (s *Summary) RejectedReasons() []string {
	keys := make([]string, 0, len(s.RejectedBy))
	for k := range s.RejectedBy {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := s.RejectedBy[keys[i]], s.RejectedBy[keys[j]]
		return a > b || a == b && keys[i] < keys[j]
	})
	return keys
}

// safeName turns an input name into a file-name part of at most 120 bytes, so
// that with the time and suffix it stays within the 255 bytes a file name may
// have (an 80-character Chinese name is 240 bytes).
func safeName(name string) string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < 0x20 {
			return '_'
		}
		return r
	}, base)
	for len(base) > 120 {
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	return base
}

// mergeRows folds row e into acc, another row of the same firm in one file. The
// merged record takes the smaller of the two ids, so it is the same record
// whatever the order of the rows.
func mergeRows(acc, e *chainmatch.Enterprise) {
	id := acc.ID
	if e.ID != "" && (id == "" || e.ID < id) {
		id = e.ID
	}
	chainmatch.MergeEnterprise(acc, e, false)
	acc.ID = id
}
