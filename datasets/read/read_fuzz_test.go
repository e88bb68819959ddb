package read

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"testing"
	"time"

	"github.com/chainmatch/chainmatch"
)

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"5000万元人民币", "1.2亿", "300万美元", "50万港元", "1,000.5 万元", "5000", "800元", "-1", "1e309", "万", "人民币", "NaN", "0x10", "1.5万亿日元"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		wan, cur, err := ParseMoney(s)
		if err != nil {
			return
		}
		if wan < 0 || math.IsNaN(wan) || math.IsInf(wan, 0) {
			t.Fatalf("ParseMoney(%q) = %v", s, wan)
		}
		if _, ok := CNYPerUnit[cur]; !ok {
			t.Fatalf("ParseMoney(%q) currency %q has no rate", s, cur)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021-03-05", "2021/3/5", "2021.3.5", "2021年3月5日", "20210305", "44260", "44260.5", "2021-02-29", "0", "99999", "2021-03-05T10:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if _, perr := time.Parse("2006-01-02", d); perr != nil {
			t.Fatalf("ParseDate(%q) = %q: %v", s, d, perr)
		}
		if again, err := ParseDate(d); err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %q, again %q, %v", s, d, again, err)
		}
	})
}

func FuzzParseUSCC(f *testing.F) {
	for _, s := range []string{usccJinyun, " 91331122ma2abcdexq ", "９１331122MA2ABCDEXQ", "91331122MA2ABCDEXA", "", "-", "ÿ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUSCC(s)
		if err != nil {
			return
		}
		if verr := chainmatch.ValidateUSCC(u); verr != nil {
			t.Fatalf("ParseUSCC(%q) = %q, which fails: %v", s, u, verr)
		}
		if again, err := ParseUSCC(u); err != nil || again != u {
			t.Fatalf("ParseUSCC not idempotent on %q: %q %v", u, again, err)
		}
	})
}

// FuzzReadCSV reads arbitrary bytes as a CSV file: no panic, every row yields
// exactly one of a record and a reject, and every record passes Validate.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("企业名称,统一社会信用代码,注册资本,成立日期,所属省份\n甲," + usccJinyun + ",1.2亿,2021/3/5,浙江\n"))
	f.Add([]byte("name,uscc\n\"a\"b,c\n\"unterminated\n"))
	f.Add([]byte("\xEF\xBB\xBFname\tcounty\n甲\t缙云\n"))
	f.Add([]byte("\xc6\xf3\xd2\xb5\xc3\xfb\xb3\xc6\n\xbc\xd7\n")) // GBK 企业名称 / 甲
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRows(t, data, FormatCSV)
	})
}

// FuzzReadJSONL does the same for JSONL lines.
func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"name":"甲","uscc":"` + usccJinyun + `","tags":["listed"],"lat":30.1}` + "\n" + `{"kind":"talent","name":"乙","location":"US"}`))
	f.Add([]byte(`{"name":1}` + "\n[1]\nnull\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRows(t, data, FormatJSONL)
	})
}

func checkRows(t *testing.T, data []byte, format Format) {
	rr, err := NewRowReader(bytes.NewReader(data), ReadOptions{Format: format})
	if err != nil {
		return
	}
	defer rr.Close()
	p := NewParser(rr.Header(), ParseOptions{})
	for {
		row, err := rr.Next()
		if errors.Is(err, io.EOF) || err != nil {
			return
		}
		res := p.Parse(row)
		n := 0
		if res.Enterprise != nil {
			n++
			if err := res.Enterprise.Validate(); err != nil {
				t.Fatalf("record fails Validate: %v", err)
			}
		}
		if res.Talent != nil {
			n++
			if err := res.Talent.Validate(); err != nil {
				t.Fatalf("talent fails Validate: %v", err)
			}
		}
		if res.Reject != nil {
			n++
		}
		if n != 1 {
			t.Fatalf("row %d yields %d outcomes: %+v", row.Line, n, res)
		}
	}
}

// FuzzJSONObject checks the JSONL object splitter against encoding/json: the same
// keys, and string values equal to the decoded strings.
func FuzzJSONObject(f *testing.F) {
	f.Add(`{"name":"甲\"乙","n":1,"a":[1,{"b":"]"}],"x":null,"name":"丙"}`)
	f.Add(`{ "k" : "v\u4e2d" , "o" : { } }`)
	f.Fuzz(func(t *testing.T, s string) {
		kvs, err := jsonObject(s)
		var m map[string]any
		jerr := json.Unmarshal([]byte(s), &m)
		if (err == nil) != (jerr == nil && m != nil) {
			t.Fatalf("jsonObject err %v, encoding/json err %v (%v)", err, jerr, m)
		}
		if err != nil {
			return
		}
		got := map[string]string{}
		for _, kv := range kvs {
			got[kv.key] = kv.value
		}
		for k, v := range m {
			if v == nil {
				if _, ok := got[k]; ok {
					t.Fatalf("null key %q kept", k)
				}
				continue
			}
			g, ok := got[k]
			if !ok {
				t.Fatalf("key %q missing", k)
			}
			if str, isStr := v.(string); isStr && g != str {
				t.Fatalf("key %q = %q, want %q", k, g, str)
			}
		}
	})
}
