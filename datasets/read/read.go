package read

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/chainmatch/chainmatch"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Format is the format of an import file.
type Format string

// The import formats (design.md §5).
const (
	FormatCSV   Format = "csv"
	FormatXLSX  Format = "xlsx"
	FormatJSONL Format = "jsonl"
)

// FormatOf picks the format of a file by its extension: .csv/.tsv/.txt, .xlsx/.xlsm,
// .jsonl/.ndjson/.json.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".tsv", ".txt":
		return FormatCSV, nil
	case ".xlsx", ".xlsm":
		return FormatXLSX, nil
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL, nil
	}
	return "", fmt.Errorf("format of %q unknown (want .csv, .xlsx or .jsonl, or name one)", name)
}

// ParseFormat checks a format name given by a user.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatCSV, FormatXLSX, FormatJSONL:
		return f, nil
	}
	return "", fmt.Errorf("input format %q: want csv, xlsx or jsonl", s)
}

// ReadOptions say how to read an import file.
type ReadOptions struct {
	Format Format
	// Encoding of a CSV file: "" detects (valid UTF-8, with or without BOM, is UTF-8;
	// anything else is GB18030, a superset of GBK); "utf-8", "gbk" or "gb18030" forces.
	Encoding string
	// Sheet of an XLSX file; "" is the first.
	Sheet string
}

// RawRow is one row of an import file as it was: the cells of a CSV or XLSX row,
// or the text of a JSONL line. Err is set when the row could not even be split
// into cells (bad CSV quoting); such a row is rejected.
type RawRow struct {
	Line  int
	Cells []string
	Text  string
	Err   error
}

// RowReader streams the rows of an import file. It is not safe for concurrent use.
type RowReader struct {
	format Format
	header []string
	keys   []string // of the first JSON object, for presets
	array  bool     // a JSON array rather than JSON lines
	next   func() (RawRow, error)
	close  func() error
}

// Format is the format being read.
func (r *RowReader) Format() Format { return r.format }

// Header is the header row of a CSV or XLSX file (nil for JSONL).
func (r *RowReader) Header() []string { return r.header }

// Fields are what picks a column preset: the header of a CSV or XLSX file, the
// keys of the first object of a JSON file.
func (r *RowReader) Fields() []string {
	if r.header != nil {
		return r.header
	}
	return r.keys
}

// JSONArray reports whether a JSON file is one array of records (not JSON lines).
func (r *RowReader) JSONArray() bool { return r.array }

// Next returns the next row, or io.EOF after the last.
func (r *RowReader) Next() (RawRow, error) { return r.next() }

// Close releases what the reader holds (an XLSX workbook's temporary files).
func (r *RowReader) Close() error {
	if r.close == nil {
		return nil
	}
	return r.close()
}

// NewRowReader starts reading rows of the given format from r. For CSV and XLSX it
// reads the header row (the first non-empty row).
func NewRowReader(r io.Reader, opts ReadOptions) (*RowReader, error) {
	switch opts.Format {
	case FormatCSV:
		return newCSVRows(r, opts.Encoding)
	case FormatXLSX:
		return newXLSXRows(r, opts.Sheet)
	case FormatJSONL:
		return newJSONRows(r)
	}
	return nil, fmt.Errorf("read rows: format %q: want csv, xlsx or jsonl", opts.Format)
}

// sniffSize is how much of a CSV file decides its encoding and delimiter.
const sniffSize = 1 << 20

// decodeCSV returns a reader of UTF-8 text for a CSV file in the given encoding
// ("" detects), without a byte order mark.
func decodeCSV(r io.Reader, encoding string) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("read csv: %w", err)
	}
	bom := bytes.HasPrefix(head, []byte("\xEF\xBB\xBF"))
	switch strings.ToLower(strings.ReplaceAll(encoding, "-", "")) {
	case "":
		if bom || validUTF8Prefix(head, len(head) < sniffSize) {
			break
		}
		return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), nil
	case "utf8":
	case "gbk", "gb18030", "gb2312", "cp936":
		return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), nil
	default:
		return nil, fmt.Errorf("read csv: encoding %q: want utf-8, gbk or gb18030", encoding)
	}
	if bom {
		_, _ = br.Discard(3)
	}
	return br, nil
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut off at the
// end when b is only a prefix of the file.
func validUTF8Prefix(b []byte, whole bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if whole {
		return false
	}
	for cut := 1; cut < utf8.UTFMax && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

func newCSVRows(r io.Reader, encoding string) (*RowReader, error) {
	text, err := decodeCSV(r, encoding)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(text, 64<<10)
	first, _ := br.Peek(64 << 10)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	switch {
	case bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")):
		cr.Comma = '\t'
	case bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")):
		cr.Comma = ';'
	}
	next := func() (RawRow, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return RawRow{Line: pe.StartLine, Cells: rec, Err: fmt.Errorf("bad csv row: %w", pe.Err)}, nil
			}
			if errors.Is(err, io.EOF) {
				return RawRow{}, io.EOF
			}
			return RawRow{}, fmt.Errorf("read csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		return RawRow{Line: line, Cells: rec}, nil
	}
	rr := &RowReader{format: FormatCSV, next: next}
	for {
		row, err := next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read csv: no header row")
			}
			return nil, err
		}
		if row.Err != nil {
			return nil, fmt.Errorf("read csv header (line %d): %w", row.Line, row.Err)
		}
		if !emptyCells(row.Cells) {
			rr.header = row.Cells
			break
		}
	}
	rr.next = func() (RawRow, error) {
		for {
			row, err := next()
			if err != nil || row.Err != nil || !emptyCells(row.Cells) {
				return row, err
			}
		}
	}
	return rr, nil
}

func emptyCells(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// XLSX limits. A workbook may unzip to at most MaxXLSXUnzip bytes in all (excelize's
// default, 16 GB, let a 5.7 MB upload expand a 1.8 GiB sheet on disk); a sheet up
// to 16 MiB is kept in memory, a larger one is streamed from a temporary file;
// at most MaxXLSXRows rows are read (Excel's own maximum).
const (
	MaxXLSXUnzip = 512 << 20
	MaxXLSXRows  = 1 << 20
)

// LimitError is input past one of the readers' limits: the server answers 413
// naming it.
type LimitError struct {
	What string // "xlsx rows", "xlsx unzipped bytes"
	Max  int64
}

func (e *LimitError) Error() string { return fmt.Sprintf("%s: the limit is %d", e.What, e.Max) }

// Limit names the limit and its value.
func (e *LimitError) Limit() (string, int64) { return e.What, e.Max }

func newXLSXRows(r io.Reader, sheet string) (*RowReader, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: MaxXLSXUnzip, UnzipXMLSizeLimit: 16 << 20})
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") { // excelize has no sentinel for it
		return nil, fmt.Errorf("read xlsx: %w", &LimitError{What: "xlsx unzipped bytes", Max: MaxXLSXUnzip})
	}
	if err != nil {
		return nil, fmt.Errorf("read xlsx: %w", chainmatch.FieldErrors{"file": "not an XLSX workbook: " + err.Error()})
	}
	if sheet == "" {
		list := f.GetSheetList()
		if len(list) == 0 {
			f.Close()
			return nil, fmt.Errorf("read xlsx: no sheets")
		}
		sheet = list[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read xlsx sheet %q: %w", sheet, err)
	}
	line := 0
	next := func() (RawRow, error) {
		for rows.Next() {
			line++
			if line > MaxXLSXRows {
				return RawRow{}, fmt.Errorf("read xlsx sheet %q: %w", sheet, &LimitError{What: "xlsx rows", Max: MaxXLSXRows})
			}
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return RawRow{Line: line, Err: fmt.Errorf("bad xlsx row: %w", err)}, nil
			}
			if !emptyCells(cells) {
				return RawRow{Line: line, Cells: cells}, nil
			}
		}
		if err := rows.Error(); err != nil {
			return RawRow{}, fmt.Errorf("read xlsx sheet %q: %w", sheet, err)
		}
		return RawRow{}, io.EOF
	}
	rr := &RowReader{format: FormatXLSX, next: next, close: func() error {
		rows.Close()
		return f.Close()
	}}
	head, err := next()
	switch {
	case errors.Is(err, io.EOF):
		rr.Close()
		return nil, fmt.Errorf("read xlsx sheet %q: no header row", sheet)
	case err != nil:
		rr.Close()
		return nil, err
	case head.Err != nil:
		rr.Close()
		return nil, fmt.Errorf("read xlsx header: %w", head.Err)
	}
	rr.header = head.Cells
	return rr, nil
}

// maxLine is the longest JSONL line read (a record with a long 经营范围 fits easily).
const maxLine = 16 << 20

// newJSONRows reads JSON lines, or a JSON array of records when the first
// non-space byte (after a byte order mark) is '['. It peeks at the first record
// for Fields.
func newJSONRows(r io.Reader) (*RowReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
	}
	var rr *RowReader
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if len(b) < i {
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read json: %w", err)
			}
			rr = newJSONLRows(br, 0)
			break
		}
		c := b[i-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		if c == '[' {
			rr = newJSONArrayRows(br)
		} else {
			rr = newJSONLRows(br, 0)
		}
		break
	}
	first, err := rr.next()
	switch {
	case errors.Is(err, io.EOF):
		rr.next = func() (RawRow, error) { return RawRow{}, io.EOF }
		return rr, nil
	case err != nil:
		return nil, err
	}
	if first.Err == nil {
		if kvs, err := jsonObject(first.Text); err == nil {
			for _, kv := range kvs {
				rr.keys = append(rr.keys, kv.key)
			}
		}
	}
	next, pending := rr.next, &first
	rr.next = func() (RawRow, error) {
		if pending != nil {
			row := *pending
			pending = nil
			return row, nil
		}
		return next()
	}
	return rr, nil
}

func newJSONLRows(r io.Reader, line int) *RowReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	next := func() (RawRow, error) {
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if len(bytes.TrimSpace(b)) == 0 {
				continue
			}
			return RawRow{Line: line, Text: string(b)}, nil
		}
		if err := sc.Err(); err != nil {
			return RawRow{}, fmt.Errorf("read jsonl after line %d: %w", line, err)
		}
		return RawRow{}, io.EOF
	}
	return &RowReader{format: FormatJSONL, next: next}
}

// lineTracker passes reads through and answers the line of an offset already
// read, for offsets asked in increasing order; it keeps only the bytes after
// the last offset asked (what the JSON decoder has read ahead).
type lineTracker struct {
	r    io.Reader
	buf  []byte
	pos  int64 // offset of buf[0]
	line int   // line number at pos
}

func (t *lineTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// lineAt returns the line of offset off and forgets what lies before it.
func (t *lineTracker) lineAt(off int64) int {
	k := int(off - t.pos)
	if k < 0 {
		return t.line
	}
	if k > len(t.buf) {
		k = len(t.buf)
	}
	t.line += bytes.Count(t.buf[:k], []byte{'\n'})
	t.buf = append(t.buf[:0], t.buf[k:]...)
	t.pos += int64(k)
	return t.line
}

// lastKey finds the last object key in b ("key": ...), the field being read when
// a JSON text broke off.
var lastKey = regexp.MustCompile(`"((?:[^"\\]|\\.){1,200})"\s*:`)

// newJSONArrayRows streams the records of a JSON array with a json.Decoder, one
// element at a time: the whole array is never held in memory. An element that is
// not valid JSON ends the reading: it is returned as a row with Err (its line, the
// key being read and why), and the rest of the file is not read, because after a
// syntax error nothing tells where the next record starts.
func newJSONArrayRows(r io.Reader) *RowReader {
	lt := &lineTracker{r: r, line: 1}
	dec := json.NewDecoder(lt)
	started, done := false, false
	n := 0
	var last int64
	fail := func(err error) (RawRow, error) {
		done = true
		off := lt.pos + int64(len(lt.buf)) // cut off: everything read
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		// The text from the end of the last good record to where it broke.
		startLine := lt.lineAt(last)
		seg := lt.buf
		if k := int(off - lt.pos); k >= 0 && k <= len(seg) {
			seg = seg[:k]
		}
		field := ""
		if m := lastKey.FindAllSubmatch(seg, -1); len(m) > 0 {
			field = string(m[len(m)-1][1])
		}
		line := startLine + bytes.Count(seg, []byte{'\n'})
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = errors.New("unexpected end of file")
		}
		reason := fmt.Sprintf("malformed JSON array at line %d, record %d", line, n+1)
		if field != "" {
			reason += fmt.Sprintf(", field %q", field)
		}
		return RawRow{Line: line, Text: string(seg), Err: fmt.Errorf("%s: %w; the rest of the file is not read", reason, err)}, nil
	}
	next := func() (RawRow, error) {
		if done {
			return RawRow{}, io.EOF
		}
		if !started {
			started = true
			if _, err := dec.Token(); err != nil { // '['
				return fail(err)
			}
			last = dec.InputOffset()
		}
		if !dec.More() {
			done = true
			if _, err := dec.Token(); err != nil { // ']'
				return fail(err)
			}
			if tok, err := dec.Token(); !errors.Is(err, io.EOF) {
				if err == nil {
					err = fmt.Errorf("%v after the end of the array", tok)
				}
				done = false
				return fail(err)
			}
			return RawRow{}, io.EOF
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail(err)
		}
		n++
		end := dec.InputOffset()
		start := end - int64(len(raw))
		line := lt.lineAt(start)
		lt.lineAt(end)
		last = end
		return RawRow{Line: line, Text: string(raw)}, nil
	}
	return &RowReader{format: FormatJSONL, next: next, array: true}
}
