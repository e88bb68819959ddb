package read

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestReadOutcomes(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		in     string
		n      int
		errHas string
	}{
		{"jsonl", FormatJSONL, `{"county":"331122","chain":"short-distance-transport","subject_id":"914403001922038216","type":"signed","date":"2025-03-01"}
{"county":"331124","subject_id":"x","type":"landed","date":"2025-04-01","amount_wan":5000}
`, 2, ""},
		{"jsonl unknown field", FormatJSONL, `{"county":"331122","subject_id":"x","type":"signed","date":"2025-03-01","who":"me"}`, 0, "line 1"},
		{"jsonl bad status", FormatJSONL, `{"county":"331122","subject_id":"x","type":"won","date":"2025-03-01"}`, 0, "type"},
		{"jsonl trailing data", FormatJSONL, `{"county":"331122","subject_id":"x","type":"signed","date":"2025-03-01"} {}`, 0, "trailing"},
		{"csv", FormatCSV, "county,chain,subject_id,type,date,amount_wan\n331122,,x,visited,2025-01-02,\n331181,auto-parts,y,landed,2025-02-03,12000\n", 2, ""},
		{"csv bad date on line 3", FormatCSV, "county,subject_id,type,date\n331122,x,visited,2025-01-02\n331122,y,signed,2025/13/40\n", 0, "line 3"},
		{"csv bad amount", FormatCSV, "county,subject_id,type,date,amount_wan\n331122,x,signed,2025-01-02,lots\n", 0, "amount_wan"},
		{"csv missing column", FormatCSV, "county,subject_id,date\n331122,x,2025-01-02\n", 0, "type"},
		{"signings format", FormatCSV, "county,chain,uscc,name,date,outcome,source\n331100-edz,semiconductor,,富乐德,2023,signed,news\n330825,equipment,,禾川科技,2021-06,signed,news\n350303,new-energy,,福建龙源风力发电有限责任公司,,signed,news\n", 3, ""},
		{"signings bad year", FormatCSV, "county,chain,uscc,name,date,outcome\n331122,equipment,,某公司,20x3,signed\n", 0, "line 2"},
		{"signings bad uscc", FormatCSV, "county,chain,uscc,name,date,outcome\n331122,equipment,91440300192203821X,,2023,signed\n", 0, "uscc"},
		{"csv without a subject column", FormatCSV, "county,chain,date,outcome\n331122,equipment,2023,signed\n", 0, "subject"},
		{"xlsx is not for outcomes", FormatXLSX, "", 0, "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadOutcomes(strings.NewReader(tt.in), tt.format)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.n {
				t.Fatalf("got %d outcomes, want %d", len(got), tt.n)
			}
		})
	}
	_, err := ReadOutcomes(strings.NewReader(`{"county":"","subject_id":"x","type":"signed","date":"2025-03-01"}`), FormatJSONL)
	if !errors.Is(err, chainmatch.ErrInvalid) {
		t.Fatalf("invalid outcome: err = %v, want ErrInvalid", err)
	}
}

func TestReadOutcomesLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("county,chain,name,date,outcome\n")
	for range MaxOutcomeErrors + 5 {
		b.WriteString("331122,equipment,某公司,2023,won\n")
	}
	_, err := ReadOutcomes(strings.NewReader(b.String()), FormatCSV)
	if err == nil || strings.Count(err.Error(), "line ") != MaxOutcomeErrors || !strings.Contains(err.Error(), "and 5 more bad lines") {
		t.Fatalf("err = %v, want the first %d bad lines and a count of the rest", err, MaxOutcomeErrors)
	}
	// A reader beyond its cap fails instead of growing without end.
	c := &cappedReader{r: strings.NewReader(strings.Repeat("x", 100)), left: 10}
	got, err := io.ReadAll(c)
	if len(got) != 10 || !errors.Is(err, chainmatch.ErrInvalid) {
		t.Fatalf("capped read: %d bytes, err %v; want 10 bytes and ErrInvalid", len(got), err)
	}
}
