package read

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestReadXLSXTypedCells reads a workbook whose cells are typed as a spreadsheet
// program writes them (a date cell with a date format, numbers as numbers) from a
// sheet picked by name, and wants the values a CSV of the same table gives.
func TestReadXLSXTypedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("企业"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"企业名称", "成立日期", "注册资本（万元）", "参保人数", "统一社会信用代码"},
		{"甲公司", time.Date(2021, 3, 5, 0, 0, 0, 0, time.UTC), 5000.5, 320, usccJinyun},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("企业", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: the cell holds a serial day
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("企业", "B2", "B2", style); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	regions := testRegions(t)
	res, _, err := ReadAll(bytes.NewReader(buf.Bytes()), ReadOptions{Format: FormatXLSX, Sheet: "企业"}, ParseOptions{Locate: RegionsLocator(regions)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Enterprise == nil {
		t.Fatalf("results %+v", res)
	}
	e := res[0].Enterprise
	if e.Founded != "2021-03-05" || *e.RegisteredCapitalWan != 5000.5 || *e.Employees != 320 || e.County != "331122" {
		t.Errorf("read %+v (founded %q)", e, e.Founded)
	}
	if _, _, err := ReadAll(bytes.NewReader(buf.Bytes()), ReadOptions{Format: FormatXLSX, Sheet: "没有"}, ParseOptions{}); err == nil {
		t.Error("a missing sheet gave no error")
	}
	// The first sheet (Sheet1) is empty: no header row.
	if _, _, err := ReadAll(bytes.NewReader(buf.Bytes()), ReadOptions{Format: FormatXLSX}, ParseOptions{}); err == nil {
		t.Error("an empty first sheet gave no error")
	}
}
