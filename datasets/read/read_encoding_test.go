package read

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// sameRows is one table written as UTF-8, UTF-8 with BOM, GBK and XLSX below.
var sameRows = [][]string{
	{"企业名称", "统一社会信用代码", "注册资本", "成立日期", "所属省份", "所属城市", "所属区县", "经营范围", "高新技术企业", "股票代码", "参保人数", "备注", "经营状态"},
	{"浙江甲电动车有限公司", usccJinyun, "5000万元人民币", "2021-03-05", "浙江省", "丽水市", "缙云县", "电动自行车、摩托车零部件制造；锂电池销售", "是", "", "320人", "重点跟进", "存续"},
	{"深圳乙半导体股份有限公司", "", "1.2亿", "2015-07-01", "广东", "深圳", "南山区", "集成电路设计，半导体分立器件制造", "否", "688001.SH", "1,200", "", "在业"},
	{"丙（香港）投资有限公司", "", "300万美元", "2019-12-31", "浙江", "杭州", "西湖", "投资管理", "", "", "", "外资", ""},
	{"丁公司", "", "", "2008-08-08", "内蒙", "", "", "稀土永磁材料", "Y", "", "50-99人", "", ""},
	{"戊注销公司", "", "", "", "浙江", "", "", "", "", "", "", "", "注销"},
}

func writeCSV(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeXLSX(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadEncodingsAgree reads the same rows as UTF-8, UTF-8 with BOM, GBK (detected
// and named) and XLSX and wants the same records, warnings and rejects.
func TestReadEncodingsAgree(t *testing.T) {
	regions := testRegions(t)
	utf := writeCSV(t, sameRows)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(gbk, utf) {
		t.Fatal("GBK bytes equal UTF-8 bytes: the test would prove nothing")
	}
	inputs := []struct {
		name string
		data []byte
		opts ReadOptions
	}{
		{"utf-8", utf, ReadOptions{Format: FormatCSV}},
		{"utf-8 bom", append([]byte("\xEF\xBB\xBF"), utf...), ReadOptions{Format: FormatCSV}},
		{"gbk detected", gbk, ReadOptions{Format: FormatCSV}},
		{"gbk named", gbk, ReadOptions{Format: FormatCSV, Encoding: "gbk"}},
		{"gb18030 named", gbk, ReadOptions{Format: FormatCSV, Encoding: "GB18030"}},
		{"xlsx", writeXLSX(t, sameRows), ReadOptions{Format: FormatXLSX}},
	}
	type outcome struct {
		Records, Warnings, Rejects string
	}
	summarise := func(res []Result, hw []Warning) outcome {
		var o outcome
		for _, r := range res {
			b, _ := json.Marshal(r.Enterprise)
			o.Records += string(b) + "\n"
			w, _ := json.Marshal(r.Warnings)
			o.Warnings += string(w) + "\n"
			j, _ := json.Marshal(r.Reject)
			o.Rejects += string(j) + "\n"
		}
		w, _ := json.Marshal(hw)
		o.Warnings += string(w)
		return o
	}
	var first outcome
	for i, in := range inputs {
		res, hw, err := ReadAll(bytes.NewReader(in.data), in.opts, ParseOptions{Locate: RegionsLocator(regions)})
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		if len(res) != len(sameRows)-1 {
			t.Fatalf("%s: %d rows, want %d", in.name, len(res), len(sameRows)-1)
		}
		o := summarise(res, hw)
		if i == 0 {
			first = o
			if res[0].Enterprise == nil || res[0].Enterprise.Name != "浙江甲电动车有限公司" || res[2].Enterprise.Currency != "USD" {
				t.Fatalf("utf-8 read wrong: %s", o.Records)
			}
			t.Logf("records:\n%s", o.Records)
			continue
		}
		if !reflect.DeepEqual(o, first) {
			t.Errorf("%s differs from utf-8:\n%s\nwant\n%s", in.name, o.Records+o.Warnings, first.Records+first.Warnings)
		}
	}
	if os.Getenv("CHAINMATCH_WRITE_TESTDATA") != "" { // refresh the sample files under testdata/import
		dir := filepath.Join("testdata", "import")
		for _, in := range inputs[:3] {
			name := map[string]string{"utf-8": "same-utf8.csv", "utf-8 bom": "same-utf8-bom.csv", "gbk detected": "same-gbk.csv"}[in.name]
			if err := os.WriteFile(filepath.Join(dir, name), in.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
