package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// RejectedRow is one row of a rejects file: where it was, why it was refused,
// and the row as it was (the cells of a CSV or XLSX row, or a JSONL line).
type RejectedRow struct {
	File   string   `json:"file"`
	Line   int      `json:"line"`
	Field  string   `json:"field"`
	Reason string   `json:"reason"`
	Row    []string `json:"row"`
}

// ReadRejects reads up to max rows of a rejects file written by Run (file, line,
// field, reason, then the row; a header row before each input file's rows). An
// empty path means nothing was rejected: no rows, no error.
func ReadRejects(path string, max int) ([]RejectedRow, error) {
	out := []RejectedRow{}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rejects: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.FieldsPerRecord = -1
	for len(out) < max {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("rejects %s: %w", path, err)
		}
		if len(rec) < 4 {
			continue
		}
		line, err := strconv.Atoi(rec[1])
		if err != nil {
			continue // a header row: "file", "line", ...
		}
		out = append(out, RejectedRow{File: rec[0], Line: line, Field: rec[2], Reason: rec[3], Row: rec[4:]})
	}
	return out, nil
}
