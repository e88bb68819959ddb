package importer

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chainmatch/chainmatch/datasets/read"
)

// batchSize is how many rows a worker parses at a time.
const batchSize = 256

type batch struct {
	start   int
	rows    []read.RawRow
	results []read.Result
	done    chan struct{}
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// scan reads the file at path and parses its rows on workers goroutines, tags the
// records when tag is set, and hands the results to fn in file order, with their
// row index. begin is called once with the header before any row.
func scan(ctx context.Context, path string, ropts read.ReadOptions, popts read.ParseOptions, workers int,
	tag func(*read.Result), progress func(rows int, fraction float64),
	begin func(header []string, p *read.Parser) error, fn func(i int, res *read.Result) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	cr := &countingReader{r: f}
	rr, err := read.NewRowReader(cr, ropts)
	if err != nil {
		return err
	}
	defer rr.Close()
	if popts.Preset == nil {
		popts.Preset = read.DetectPreset(rr.Fields())
	}
	p := read.NewParser(rr.Header(), popts)
	if begin != nil {
		if err := begin(rr.Header(), p); err != nil {
			return err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan *batch, workers*2)
	order := make(chan *batch, workers*4)
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // reader
		defer wg.Done()
		defer close(work)
		defer close(order)
		n := 0
		for {
			b := &batch{start: n, rows: make([]read.RawRow, 0, batchSize), done: make(chan struct{})}
			var err error
			for len(b.rows) < batchSize {
				var row read.RawRow
				if row, err = rr.Next(); err != nil {
					break
				}
				b.rows = append(b.rows, row)
			}
			n += len(b.rows)
			if len(b.rows) > 0 {
				b.results = make([]read.Result, len(b.rows))
				select {
				case order <- b:
				case <-ctx.Done():
					return
				}
				select {
				case work <- b:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr = err
				}
				return
			}
		}
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				for i, row := range b.rows {
					res := p.Parse(row)
					if tag != nil && res.Reject == nil {
						tag(&res)
					}
					b.results[i] = res
				}
				close(b.done)
			}
		}()
	}
	finish := func(err error) error {
		cancel()
		for b := range order { // let the reader end
			_ = b
		}
		wg.Wait()
		return err
	}
	rows := 0
	for b := range order {
		select {
		case <-b.done:
		case <-ctx.Done():
			return finish(ctx.Err())
		}
		for i := range b.results {
			if err := fn(b.start+i, &b.results[i]); err != nil {
				return finish(err)
			}
		}
		rows += len(b.results)
		if progress != nil {
			frac := 0.0
			if size > 0 {
				frac = float64(cr.n.Load()) / float64(size)
			}
			progress(rows, frac)
		}
		if err := ctx.Err(); err != nil {
			return finish(err)
		}
	}
	wg.Wait()
	if readErr != nil {
		return readErr
	}
	if progress != nil {
		progress(rows, -1)
	}
	return ctx.Err()
}

// progressFunc adapts Options.Progress to one phase of one file.
func progressFunc(opts Options, name, phase string, start time.Time, total int) func(int, float64) {
	if opts.Progress == nil {
		return nil
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 2 * time.Second
	}
	last, shown, lastRows := time.Now(), false, -1
	return func(rows int, fraction float64) {
		final := fraction < 0 // the end of the phase: shown only after earlier reports
		if final && (!shown || rows == lastRows) || !final && time.Since(last) < every {
			return
		}
		last, shown, lastRows = time.Now(), true, rows
		if final {
			fraction = 1
		}
		if total > 0 {
			fraction = float64(rows) / float64(total)
		}
		if fraction > 1 {
			fraction = 1
		}
		opts.Progress(Progress{File: name, Phase: phase, Rows: rows, Total: total, Fraction: fraction, Elapsed: time.Since(start)})
	}
}

// outputs writes the rejects file and the warnings file of one run, each opened
// at its first line.
type outputs struct {
	rejects, warnings   string // paths
	rf, wf              *os.File
	rbuf, wbuf          *bufio.Writer
	rw, ww              *csv.Writer
	headerFile          string // the file whose header the rejects file carries last
	header              []string
	format              read.Format
	nRejects, nWarnings int
	closed              bool
}

func newOutputs(opts Options, firstFile string) *outputs {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	path := opts.RejectsFile
	if path == "" {
		dir := opts.RejectsDir
		if dir == "" {
			dir = os.TempDir()
		}
		path = filepath.Join(dir, safeName(firstFile)+"-"+now().UTC().Format("20060102-150405")+".rejects.csv")
	}
	warn := strings.TrimSuffix(strings.TrimSuffix(path, ".csv"), ".rejects") + ".warnings.csv"
	return &outputs{rejects: path, warnings: warn}
}

func (o *outputs) rejectsPath() string {
	if o.nRejects == 0 {
		return ""
	}
	return o.rejects
}

func (o *outputs) warningsPath() string {
	if o.nWarnings == 0 {
		return ""
	}
	return o.warnings
}

// open creates path with a UTF-8 byte order mark, so that Excel reads it as UTF-8.
func openCSV(path string) (*os.File, *bufio.Writer, *csv.Writer, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, nil, nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, nil, err
	}
	b := bufio.NewWriterSize(f, 64<<10)
	b.WriteString("\uFEFF")
	return f, b, csv.NewWriter(b), nil
}

// setHeader remembers the header of the file being imported.
func (o *outputs) setHeader(format read.Format, header []string) {
	o.format, o.header = format, header
}

// reject writes a rejected row as it was: file, line, field, reason, then the
// cells of the row (or the JSONL line). Each input file's rows are preceded by a
// header row naming its columns.
func (o *outputs) reject(file string, res *read.Result) error {
	if o.rw == nil {
		f, b, w, err := openCSV(o.rejects)
		if err != nil {
			return fmt.Errorf("rejects file: %w", err)
		}
		o.rf, o.rbuf, o.rw = f, b, w
	}
	if o.headerFile != file {
		o.headerFile = file
		h := []string{"file", "line", "field", "reason"}
		if o.format == read.FormatJSONL {
			h = append(h, "raw")
		} else {
			h = append(h, o.header...)
		}
		if err := o.rw.Write(h); err != nil {
			return fmt.Errorf("rejects file: %w", err)
		}
	}
	r := res.Reject
	rec := []string{file, strconv.Itoa(r.Line), r.Field, r.Reason}
	if res.Raw.Cells != nil {
		rec = append(rec, res.Raw.Cells...)
	} else {
		rec = append(rec, res.Raw.Text)
	}
	o.nRejects++
	if err := o.rw.Write(rec); err != nil {
		return fmt.Errorf("rejects file: %w", err)
	}
	return nil
}

func (o *outputs) warning(file string, w read.Warning) error {
	if o.ww == nil {
		f, b, cw, err := openCSV(o.warnings)
		if err != nil {
			return fmt.Errorf("warnings file: %w", err)
		}
		o.wf, o.wbuf, o.ww = f, b, cw
		if err := o.ww.Write([]string{"file", "line", "field", "value", "reason"}); err != nil {
			return fmt.Errorf("warnings file: %w", err)
		}
	}
	line := ""
	if w.Line > 0 {
		line = strconv.Itoa(w.Line)
	}
	o.nWarnings++
	if err := o.ww.Write([]string{file, line, w.Field, w.Value, w.Reason}); err != nil {
		return fmt.Errorf("warnings file: %w", err)
	}
	return nil
}

// outputMark is where the outputs stood before a file, to go back to.
type outputMark struct {
	rOff, wOff          int64
	rOpen, wOpen        bool
	nRejects, nWarnings int
	headerFile          string
}

// mark flushes the outputs and says where they stand.
func (o *outputs) mark() (outputMark, error) {
	m := outputMark{rOpen: o.rw != nil, wOpen: o.ww != nil, nRejects: o.nRejects, nWarnings: o.nWarnings, headerFile: o.headerFile}
	var err error
	if m.rOpen {
		if m.rOff, err = flushOffset(o.rf, o.rbuf, o.rw); err != nil {
			return m, fmt.Errorf("rejects file: %w", err)
		}
	}
	if m.wOpen {
		if m.wOff, err = flushOffset(o.wf, o.wbuf, o.ww); err != nil {
			return m, fmt.Errorf("warnings file: %w", err)
		}
	}
	return m, nil
}

func flushOffset(f *os.File, b *bufio.Writer, w *csv.Writer) (int64, error) {
	w.Flush()
	if err := w.Error(); err != nil {
		return 0, err
	}
	if err := b.Flush(); err != nil {
		return 0, err
	}
	return f.Seek(0, io.SeekCurrent)
}

// rollback drops what was written after m.
func (o *outputs) rollback(m outputMark) error {
	back := func(open bool, off int64, f **os.File, b **bufio.Writer, w **csv.Writer, path string) error {
		if *w == nil {
			return nil
		}
		if _, err := flushOffset(*f, *b, *w); err != nil {
			return err
		}
		if !open {
			err := (*f).Close()
			*f, *b, *w = nil, nil, nil
			return errors.Join(err, os.Remove(path))
		}
		if err := (*f).Truncate(off); err != nil {
			return err
		}
		_, err := (*f).Seek(off, io.SeekStart)
		return err
	}
	if err := back(m.rOpen, m.rOff, &o.rf, &o.rbuf, &o.rw, o.rejects); err != nil {
		return fmt.Errorf("rejects file: %w", err)
	}
	if err := back(m.wOpen, m.wOff, &o.wf, &o.wbuf, &o.ww, o.warnings); err != nil {
		return fmt.Errorf("warnings file: %w", err)
	}
	o.nRejects, o.nWarnings, o.headerFile = m.nRejects, m.nWarnings, m.headerFile
	return nil
}

func (o *outputs) close() error {
	if o.closed {
		return nil
	}
	o.closed = true
	var errs []error
	for _, x := range []struct {
		f *os.File
		b *bufio.Writer
		w *csv.Writer
	}{{o.rf, o.rbuf, o.rw}, {o.wf, o.wbuf, o.ww}} {
		if x.w == nil {
			continue
		}
		x.w.Flush()
		errs = append(errs, x.w.Error(), x.b.Flush(), x.f.Close())
	}
	return errors.Join(errs...)
}
