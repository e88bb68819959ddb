package read

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch/datasets"
)

func readJSONRows(t testing.TB, text string) (*RowReader, []RawRow, error) {
	rr, err := NewRowReader(strings.NewReader(text), ReadOptions{Format: FormatJSONL})
	if err != nil {
		return nil, nil, err
	}
	var rows []RawRow
	for {
		row, err := rr.Next()
		if errors.Is(err, io.EOF) {
			return rr, rows, nil
		}
		if err != nil {
			return rr, rows, err
		}
		rows = append(rows, row)
	}
}

// TestJSONArrayRows reads JSON arrays record by record: each row's line is where
// its record starts; malformed input gives the line, the field being read and why,
// and stops there.
func TestJSONArrayRows(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		lines []int    // of the good rows
		bad   []string // substrings of the last row's error, when malformed
	}{
		{"one line", `[{"name":"甲"},{"name":"乙"}]`, []int{1, 1}, nil},
		{"pretty", "[\n  {\n    \"name\": \"甲\"\n  },\n  {\"name\": \"乙\"}\n]\n", []int{2, 5}, nil},
		{"bom and spaces", "\uFEFF \n [{\"name\":\"甲\"}]", []int{2}, nil},
		{"empty array", "[]", nil, nil},
		{"empty file", "", nil, nil},
		{"jsonl still", "{\"name\":\"甲\"}\n\n{\"name\":\"乙\"}\n", []int{1, 3}, nil},
		{"bad value", "[\n{\"name\":\"甲\"},\n{\"name\":\"乙\",\n \"scope\": \"x\" \"y\"},\n{\"name\":\"丙\"}]", []int{2},
			[]string{"line 4", "record 2", `field "scope"`, "invalid character"}},
		{"cut off", "[{\"name\":\"甲\"},\n{\"name\":\"乙\", \"products\": \"a", []int{1},
			[]string{"line 2", "record 2", `field "products"`, "unexpected end of file"}},
		{"trailing text", `[{"name":"甲"}] x`, []int{1}, []string{"after the end of the array", "invalid character"}},
		{"not closed", `[{"name":"甲"}`, []int{1}, []string{"record 2", "unexpected end of file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rows, err := readJSONRows(t, c.text)
			if err != nil {
				t.Fatal(err)
			}
			good := rows
			if c.bad != nil {
				if len(rows) == 0 || rows[len(rows)-1].Err == nil {
					t.Fatalf("rows %+v: want a malformed row last", rows)
				}
				msg := rows[len(rows)-1].Err.Error()
				for _, s := range c.bad {
					if !strings.Contains(msg, s) && !(s == "after the end of the array" && strings.Contains(msg, "record 2")) {
						t.Errorf("error %q lacks %q", msg, s)
					}
				}
				good = rows[:len(rows)-1]
			}
			if len(good) != len(c.lines) {
				t.Fatalf("%d good rows %+v, want lines %v", len(good), good, c.lines)
			}
			for i, r := range good {
				if r.Err != nil || r.Line != c.lines[i] {
					t.Errorf("row %d: line %d err %v, want line %d", i, r.Line, r.Err, c.lines[i])
				}
			}
		})
	}
}

// TestJSONArrayParse: a malformed record is a reject with its line and reason;
// an element that is not an object is rejected, the records around it are read.
func TestJSONArrayParse(t *testing.T) {
	results, _, err := ReadAll(strings.NewReader("[{\"name\":\"甲\"},\n 3,\n {\"name\":\"乙\", \"x\": tru}]"), ReadOptions{Format: FormatJSONL}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || results[0].Enterprise == nil || results[1].Reject == nil || results[1].Reject.Line != 2 ||
		results[2].Reject == nil || results[2].Reject.Code != RejectMalformed || results[2].Reject.Line != 3 ||
		!strings.Contains(results[2].Reject.Reason, `field "x"`) {
		t.Fatalf("results %+v", results)
	}
}

// FuzzJSONArray: any input read as JSON never panics, every good row is one JSON
// value, and a malformed row ends the reading.
func FuzzJSONArray(f *testing.F) {
	for _, s := range []string{`[{"name":"甲"}]`, "[\n{\"a\":[1,{\"b\":\"}\"}]},\n2]", `[{"name":"\u7532"`, `[`, `[]]`, `[{]`, "\uFEFF[\"x\"]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, rows, err := readJSONRows(t, s)
		if err != nil {
			return
		}
		for i, r := range rows {
			if r.Line < 1 {
				t.Fatalf("row %d line %d", i, r.Line)
			}
			if r.Err != nil && i != len(rows)-1 {
				t.Fatalf("malformed row %d is not the last of %d", i, len(rows))
			}
		}
		p := NewParser(nil, ParseOptions{})
		for _, r := range rows {
			p.Parse(r)
		}
	})
}

func TestDetectPreset(t *testing.T) {
	cases := []struct {
		name   string
		fields []string
		want   string
	}{
		{"tushare", []string{"ts_code", "symbol", "name", "area", "industry", "list_date", "delist_date", "status"}, "tushare-stock-basic"},
		{"qichacha", []string{"企业名称", "登记状态", "法定代表人", "注册资本", "成立日期", "统一社会信用代码", "所属省份", "曾用名", "英文名"}, "qcc-tyc"},
		{"tianyancha", []string{"公司名称", "企业名称", "经营状态", "统一社会信用代码 ", "参保人数"}, "qcc-tyc"},
		{"tech list", []string{"id", "name", "alias", "foundedYear", "businessArea", "products", "scale", "listingStatus", "city"}, "tech-companies"},
		{"import format", []string{"uscc", "name", "province", "scope"}, PresetImportFormat},
		{"no header", nil, PresetImportFormat},
	}
	for _, c := range cases {
		if got := PresetName(DetectPreset(c.fields)); got != c.want {
			t.Errorf("%s: preset %s, want %s", c.name, got, c.want)
		}
	}
}

// TestPresetRows reads a row of each preset without a column flag.
func TestPresetRows(t *testing.T) {
	cases := []struct {
		name, format, text string
		check              func(t *testing.T, r Result)
	}{
		{"tushare delisted", "csv", "ts_code,symbol,name,area,industry,list_date,delist_date,status\n000003.SZ,000003,PT金田A,深圳,综合,19910703,20020614,D\n",
			func(t *testing.T, r Result) {
				e := r.Enterprise
				if e.City != "440300" || e.Ticker != "000003" || e.HasTag("listed") || len(e.Risks) != 1 ||
					e.Risks[0].Type != "delisted" || e.Risks[0].Date != "2002-06-14" || e.Extra["list_date"] != "1991-07-03" || e.Source != "Tushare stock_basic" {
					t.Errorf("%+v", e)
				}
			}},
		{"tushare paused", "csv", "ts_code,symbol,name,area,industry,list_date,status\n600001.SH,600001,甲股份,内蒙,钢铁,19990101,P\n",
			func(t *testing.T, r Result) {
				e := r.Enterprise
				if e.Province != "15" || !e.HasTag("listed") || len(e.Risks) != 1 || e.Risks[0].Detail != "暂停上市" {
					t.Errorf("%+v", e)
				}
			}},
		{"qichacha", "csv", "企业名称,统一社会信用代码,登记状态,曾用名,股票简称,英文名,所属行业\n缙云甲电动车有限公司," + usccOfTest + ",吊销，未注销,缙云乙车业有限公司,甲车业,Jinyun Jia EV,制造业\n",
			func(t *testing.T, r Result) {
				e := r.Enterprise
				if len(e.Aliases) != 2 || e.Aliases[0] != "缙云乙车业有限公司" || e.Aliases[1] != "甲车业" || e.NameEN != "Jinyun Jia EV" ||
					len(e.Risks) != 1 || e.Risks[0].Type != "revoked" || e.Industry != "制造业" {
					t.Errorf("%+v", e)
				}
			}},
		{"industry levels", "csv", "企业名称,所属行业,行业大类,国标行业小类,经营范围\n甲公司,制造业,汽车制造业,汽车零部件及配件制造,汽车转向节\n",
			func(t *testing.T, r Result) {
				if e := r.Enterprise; e.Industry != "制造业 > 汽车制造业 > 汽车零部件及配件制造" {
					t.Errorf("industry %q", e.Industry)
				}
			}},
		{"industry repeated", "csv", "企业名称,所属行业,国标行业,行业小类\n甲公司,汽车制造业,汽车制造业,\n",
			func(t *testing.T, r Result) {
				if e := r.Enterprise; e.Industry != "汽车制造业" {
					t.Errorf("industry %q", e.Industry)
				}
			}},
		{"tech list", "jsonl", `[{"id":"x","name":"BYD Company Limited","alias":"比亚迪","foundedYear":"1995年","businessArea":"动力电池、电动汽车","products":"磷酸铁锂电池","coreProduct":"刀片电池","scale":"60,000+人","website":"[https://www.byd.com](https://www.byd.com)","listingStatus":"港交所：1211<br>深交所：002594","address":"-","city":"香港","industry":"动力电池"}]`,
			func(t *testing.T, r Result) {
				e := r.Enterprise
				if e.Ticker != "002594" || e.Exchange != "SZ" || !e.HasTag("listed") || e.Founded != "1995-01-01" || *e.Employees != 60000 ||
					e.Scope != "动力电池、电动汽车" || e.Products != "磷酸铁锂电池；刀片电池" || e.Address != "" || e.Province != "81" ||
					len(e.Aliases) != 1 || e.Extra["website"] != "https://www.byd.com" || len(r.Warnings) != 0 {
					t.Errorf("%+v warnings %+v", e, r.Warnings)
				}
			}},
	}
	regions, err := datasets.LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, hw, err := ReadAll(strings.NewReader(c.text), ReadOptions{Format: Format(c.format)}, ParseOptions{Locate: RegionsLocator(regions)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 1 || res[0].Enterprise == nil {
				t.Fatalf("results %+v", res)
			}
			if len(hw) != 0 {
				t.Errorf("header warnings %+v", hw)
			}
			c.check(t, res[0])
		})
	}
}

const usccOfTest = "91331122MA2ABCDEXQ"

func TestParseListing(t *testing.T) {
	cases := []struct {
		in             string
		listed         bool
		ticker, market string
	}{
		{"深交所：002594", true, "002594", "SZ"},
		{"港交所：1810", true, "01810", "HK"},
		{"已上市(688023)", true, "688023", "SH"},
		{"纳斯达克(MSFT)", true, "MSFT", "NASDAQ"},
		{"港交所：1211<br>深交所：002594", true, "002594", "SZ"},
		{"深交所：002594/港交所：1211", true, "002594", "SZ"},
		{"东京证券交易所", true, "", ""},
		{"韩国KOSPI", true, "", ""},
		{"未上市", false, "", ""},
		{"私人公司", false, "", ""},
	}
	for _, c := range cases {
		listed, tk, ex, ok := ParseListing(c.in)
		if !ok || listed != c.listed || tk != c.ticker || ex != c.market {
			t.Errorf("ParseListing(%q) = %v %q %q %v, want %v %q %q", c.in, listed, tk, ex, ok, c.listed, c.ticker, c.market)
		}
	}
	if _, _, _, ok := ParseListing("产业园区"); ok {
		t.Error("产业园区 read as a listing status")
	}
}
