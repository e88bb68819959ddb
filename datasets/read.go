package datasets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
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
	next   func() (RawRow, error)
	close  func() error
}

// Format is the format being read.
func (r *RowReader) Format() Format { return r.format }

// Header is the header row of a CSV or XLSX file (nil for JSONL).
func (r *RowReader) Header() []string { return r.header }

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
		return newJSONLRows(r), nil
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

func newJSONLRows(r io.Reader) *RowReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := 0
	next := func() (RawRow, error) {
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if line == 1 {
				b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
			}
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
