package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/engine"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/importer"
	"github.com/chainmatch/chainmatch/datasets/read"
)

const importSummary = `Import enterprises and talents from CSV, XLSX or JSONL files into the database
of the data directory. Each file is stored in one transaction: a failure or a kill
leaves it either fully imported or not at all, and importing the same file again
changes nothing.

Formats: by extension (.csv/.tsv, .xlsx, .jsonl/.json) or --input-format. A JSON
file whose first character is [ is one array of records, read one at a time. CSV may be
UTF-8 (with or without BOM) or GBK/GB18030 (detected, or --encoding). XLSX reads the
first sheet (or --sheet). Columns: the keys of the import format (uscc, name,
province, city, county, founded, registered_capital_wan, scope, tags, ...; a talent
row has kind=talent) and the headers of common Chinese exports (企业名称, 统一社会信用代码,
注册资本, 成立日期, 经营状态, 所属省份, 所属城市, 所属区县, 国标行业, 经营范围, 参保人数,
高新技术企业, 专精特新, 股票代码, ...). Unknown columns are kept as extra fields.
--column HEADER=KEY maps other headers (repeatable). Column presets are picked from the
header and named in the summary: Tushare stock_basic (ts_code,symbol,name,area,...),
企查查/天眼查 exports (企业名称, 统一社会信用代码, 登记状态, 曾用名, 股票简称, ...) and the
technology-company list (name, alias, businessArea, listingStatus, ...).

The same firm from several sources becomes one record: matched by USCC, else id,
else name and place, else ticker, else a name, alias (简称, 曾用名) or name core
(深圳市比亚迪股份有限公司 → 比亚迪) at a place that agrees; each field keeps its
source and as_of.

Amounts are converted to 万元 CNY ("5000万元人民币", "1.2亿", "300万美元" at fixed rates:
USD 7.1, HKD 0.91, EUR 7.7, JPY 0.048 set 2026-11-23); dates to YYYY-MM-DD (also
2021/3/5, 2021年3月5日, 20210305 and Excel serial days); places by code or name.

A row is rejected when its USCC fails the check, its name is missing, or it cannot
be read (a 登记状态/经营状态 of 注销, 撤销 or 吊销, and a delisted status, are kept as
risks); rejected rows go, as they were, with line, field and
reason, to a rejects file (CSV, UTF-8 with BOM) under DATA/rejects/ or --rejects FILE.
An unreadable optional value is dropped with a warning (a .warnings.csv next to it);
an unknown place leaves the location unknown. Within a file the last row of a record
wins (duplicates are counted; the rows' industry labels are all kept, as are their
scopes and tags); across imports records are matched by USCC, else by
normalised name and location: accepted = new, updated = changed, unchanged = same.

examples: chainmatch import firms.csv
          chainmatch import --encoding gbk --strict export.csv
          chainmatch import --format json --dry-run pool.jsonl
          chainmatch import --column area=province --column ts_code=ticker stocks.csv`

func cmdImport() command {
	return command{name: "import", summary: "import enterprises and talents from CSV, XLSX or JSONL", run: runImport}
}

// columnFlags collects --column HEADER=KEY.
type columnFlags map[string]string

func (c columnFlags) String() string { return "" }

func (c columnFlags) Set(v string) error {
	h, k, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(h) == "" || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want HEADER=KEY, not %q", v)
	}
	c[strings.TrimSpace(h)] = strings.TrimSpace(k)
	return nil
}

func runImport(ctx context.Context, e env) error {
	cfg := defaultConfig(e.getenv)
	fs := newFlags(e, "import", "[flags] FILE...", importSummary)
	cfg.dataFlags(fs)
	format := fs.String("format", "table", "summary format: table or json")
	inputFormat := fs.String("input-format", "", "input format: csv, xlsx or jsonl (default: by extension)")
	encoding := fs.String("encoding", "", "CSV encoding: utf-8, gbk or gb18030 (default: detect)")
	sheet := fs.String("sheet", "", "XLSX sheet (default: the first)")
	rejects := fs.String("rejects", "", "write rejected rows to this CSV file (default: DATA/rejects/NAME-TIME.rejects.csv)")
	dryRun := fs.Bool("dry-run", false, "validate, tag and match against the database without storing anything")
	strict := fs.Bool("strict", false, "exit non-zero (3) when any row is rejected")
	workers := fs.Int("workers", 0, "parsing and tagging goroutines (default: GOMAXPROCS)")
	progressEvery := fs.Duration("progress-every", 0, "how often progress is reported (default: 200ms on a terminal, 2s otherwise)")
	columns := columnFlags{}
	fs.Var(columns, "column", "map a header to a key of the import format, HEADER=KEY (repeatable)")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	// Flags may follow the files: chainmatch import a.csv --dry-run.
	var files []string
	for args := fs.Args(); len(args) > 0; args = fs.Args() {
		files = append(files, args[0])
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("%w: import: %v", errUsage, err)
		}
	}
	if len(files) == 0 {
		fs.SetOutput(e.stderr)
		fs.Usage()
		return fmt.Errorf("%w: import: no file given", errUsage)
	}
	if err := checkFormat("import", *format, "table", "json"); err != nil {
		return err
	}
	opts := importer.Options{
		Encoding:    *encoding,
		Sheet:       *sheet,
		Rename:      columns,
		DryRun:      *dryRun,
		RejectsFile: *rejects, // "": DATA/rejects/
		Workers:     *workers,
	}
	if *inputFormat != "" {
		f, err := read.ParseFormat(*inputFormat)
		if err != nil {
			return fmt.Errorf("%w: import: %v", errUsage, err)
		}
		opts.Format = f
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	prog := newProgressWriter(e.stderr)
	if *progressEvery > 0 {
		prog.every = *progressEvery
	}
	opts.Progress, opts.ProgressEvery = prog.report, prog.every

	sum, err := engine.Import(ctx, engine.Config{DataDir: cfg.Data, DatabaseURL: cfg.Database}, opts, files)
	prog.done()
	if sum == nil {
		return err
	}
	// A failed or interrupted import prints the files stored before it, if any;
	// the error says which file was rolled back.
	if err == nil || len(sum.Files) > 0 {
		if perr := printImportSummary(e.stdout, sum, *format == "json"); perr != nil && err == nil {
			err = perr
		}
	}
	if err != nil {
		return err
	}
	if *strict && sum.Rejected > 0 {
		return fmt.Errorf("import: --strict: %d rows rejected (see %s): %w", sum.Rejected, sum.RejectsFile, chainmatch.ErrInvalid)
	}
	return nil
}

func printImportSummary(w io.Writer, s *importer.Summary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(s)
	}
	verb := "imported"
	if s.DryRun {
		verb = "dry run (nothing stored)"
	}
	fmt.Fprintf(w, "%s: read %d, accepted %d (new), updated %d, unchanged %d, rejected %d, duplicates %d, warnings %d in %.1fs (%.0f rows/s)\n",
		verb, s.Read, s.Accepted, s.Updated, s.Unchanged, s.Rejected, s.Duplicates, s.Warnings, s.Seconds, s.RowsPerSec)
	for _, f := range s.Files {
		label := f.PresetLabel
		if label == "" {
			label = "import format / 通用表头"
		}
		fmt.Fprintf(w, "  preset %s: %s (%s)\n", filepath.Base(f.File), f.Preset, label)
	}
	for _, k := range s.RejectedReasons() {
		fmt.Fprintf(w, "  rejected %-14s %d\n", k, s.RejectedBy[k])
	}
	if s.RejectsFile != "" {
		fmt.Fprintf(w, "rejected rows: %s\n", s.RejectsFile)
	}
	if s.WarningsFile != "" {
		fmt.Fprintf(w, "warnings: %s\n", s.WarningsFile)
	}
	for _, f := range s.Files {
		for _, wn := range f.FirstWarnings {
			line := "header"
			if wn.Line > 0 {
				line = fmt.Sprint(wn.Line)
			}
			fmt.Fprintf(w, "  warning %s:%s %s %q: %s\n", filepath.Base(f.File), line, wn.Field, wn.Value, wn.Reason)
		}
		if f.Warnings > len(f.FirstWarnings) {
			fmt.Fprintf(w, "  ... %d more warnings in %s\n", f.Warnings-len(f.FirstWarnings), s.WarningsFile)
		}
	}
	return nil
}

// progressWriter shows import progress on stderr: a bar redrawn in place on a
// terminal, a plain line every few seconds otherwise.
type progressWriter struct {
	w     io.Writer
	tty   bool
	every time.Duration
	drawn bool
}

func newProgressWriter(w io.Writer) *progressWriter {
	p := &progressWriter{w: w, every: 2 * time.Second}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.every = true, 200*time.Millisecond
		}
	}
	return p
}

func (p *progressWriter) report(pr importer.Progress) {
	rate := 0.0
	if s := pr.Elapsed.Seconds(); s > 0 {
		rate = float64(pr.Rows) / s
	}
	name := filepath.Base(pr.File)
	if !p.tty {
		fmt.Fprintf(p.w, "import %s: %s %d rows (%.0f%%), %.0f rows/s, %s\n", name, pr.Phase, pr.Rows, 100*pr.Fraction, rate, pr.Elapsed.Round(time.Second))
		return
	}
	const width = 30
	n := int(pr.Fraction * width)
	bar := strings.Repeat("█", n) + strings.Repeat("░", width-n)
	fmt.Fprintf(p.w, "\r%s %-5s %s %3.0f%% %9d rows %7.0f rows/s", name, pr.Phase, bar, 100*pr.Fraction, pr.Rows, rate)
	p.drawn = true
}

func (p *progressWriter) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
