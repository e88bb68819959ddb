package read

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/chainmatch/chainmatch"
)

// ReadOutcomes reads recorded outcomes (the ground truth of backtests) from JSONL
// (one chainmatch.Outcome object a line) or CSV with a header naming the columns
// county, chain, a subject (subject_id, uscc or name; at least one), the outcome type
// (type or outcome; chainmatch.ParseStatus reads it, so Signed and 已签约 are signed)
// and date (YYYY, YYYY-MM, YYYY-MM-DD or empty), and optionally
// amount_wan and source; other columns are ignored, so the signings format
// county,chain,uscc,name,date,outcome reads as it is. Every bad line is reported
// with its number, field and reason (the first MaxOutcomeErrors of them, then how
// many more); nothing is returned then. A file over MaxOutcomesBytes or
// MaxOutcomes outcomes is refused, not read into memory.
func ReadOutcomes(r io.Reader, format Format) ([]chainmatch.Outcome, error) {
	var (
		out  []chainmatch.Outcome
		errs []error
		more int // bad lines beyond the first MaxOutcomeErrors
	)
	r = &cappedReader{r: r, left: MaxOutcomesBytes}
	add := func(line int, o chainmatch.Outcome, err error) error {
		if st, ok := chainmatch.ParseStatus(string(o.Type)); ok {
			o.Type = st
		}
		if err == nil {
			err = o.Validate()
		}
		switch {
		case err != nil && len(errs) < MaxOutcomeErrors:
			errs = append(errs, fmt.Errorf("line %d: %w", line, err))
		case err != nil:
			more++
		case len(out) >= MaxOutcomes:
			return fmt.Errorf("read outcomes: %w: more than %d outcomes (line %d); split the file", chainmatch.ErrInvalid, MaxOutcomes, line)
		default:
			out = append(out, o)
		}
		return nil
	}
	switch format {
	case FormatJSONL:
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for line := 1; sc.Scan(); line++ {
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			var o chainmatch.Outcome
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			err := dec.Decode(&o)
			if err == nil && dec.InputOffset() != int64(len(b)) {
				err = errors.New("trailing data after the object")
			}
			if err := add(line, o, err); err != nil {
				return nil, err
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read outcomes: %w", err)
		}
	case FormatCSV:
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		head, err := cr.Read()
		if err != nil {
			return nil, fmt.Errorf("read outcomes: header: %w", err)
		}
		col := map[string]int{}
		for i, h := range head {
			col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
		}
		if _, ok := col["type"]; !ok {
			if i, ok := col["outcome"]; ok {
				col["type"] = i
			}
		}
		for _, need := range []string{"county", "type"} {
			if _, ok := col[need]; !ok {
				return nil, fmt.Errorf("read outcomes: header lacks column %q", need)
			}
		}
		_, hasID := col["subject_id"]
		_, hasUSCC := col["uscc"]
		_, hasName := col["name"]
		if !hasID && !hasUSCC && !hasName {
			return nil, fmt.Errorf("read outcomes: header lacks a subject column (subject_id, uscc or name)")
		}
		for line := 2; ; line++ {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("read outcomes: %w", err)
			}
			get := func(name string) string {
				if i, ok := col[name]; ok && i < len(rec) {
					return strings.TrimSpace(rec[i])
				}
				return ""
			}
			o := chainmatch.Outcome{County: get("county"), Chain: get("chain"), SubjectID: get("subject_id"),
				USCC: chainmatch.NormalizeUSCC(get("uscc")), Name: get("name"),
				Type: chainmatch.Status(get("type")), Date: get("date"), Source: get("source")}
			var perr error
			if a := get("amount_wan"); a != "" {
				v, err := strconv.ParseFloat(a, 64)
				if err != nil {
					perr = chainmatch.FieldErrors{"amount_wan": fmt.Sprintf("%q is not a number", a)}
				}
				o.AmountWan = &v
			}
			if err := add(line, o, perr); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("read outcomes: %w: format %q (want csv or jsonl)", chainmatch.ErrInvalid, format)
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("and %d more bad lines", more))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	return out, nil
}

// Limits of ReadOutcomes: outcomes are signings and visits, thousands even for a
// province, so a file beyond these is a mistake, not a workload.
const (
	MaxOutcomesBytes = 256 << 20
	MaxOutcomes      = 1_000_000
	MaxOutcomeErrors = 20
)

// errOutcomesTooLarge is what cappedReader returns beyond its limit.
var errOutcomesTooLarge = fmt.Errorf("%w: outcomes file larger than %d MiB", chainmatch.ErrInvalid, MaxOutcomesBytes>>20)

// cappedReader reads at most left bytes, then fails with errOutcomesTooLarge.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errOutcomesTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
