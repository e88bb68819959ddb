package read

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// TestXLSXLimits: a workbook that says it unzips past MaxXLSXUnzip is a
// LimitError before anything is unzipped; a file that is no zip is a field error
// on "file".
func TestXLSXLimits(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store,
		CompressedSize64: 4, UncompressedSize64: 2 << 30})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<a/>"))
	zw.Close()
	_, err = NewRowReader(bytes.NewReader(b.Bytes()), ReadOptions{Format: FormatXLSX})
	var le *LimitError
	if !errors.As(err, &le) || le.Max != MaxXLSXUnzip {
		t.Errorf("zip bomb: %v", err)
	}
	_, err = NewRowReader(strings.NewReader("name\nx\n"), ReadOptions{Format: FormatXLSX})
	if chainmatch.Fields(err)["file"] == "" {
		t.Errorf("not a zip: %v", err)
	}
}
