package read

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/datasets"
)

// Valid codes built with the check functions of the root package.
const (
	usccJinyun   = "91331122MA2ABCDEXQ" // registered in 缙云县 331122
	usccShenzhen = "91440300MA5FKQ1Y4Q" // registered in 深圳市 440300 (a city, not a county)
	usccZhejiang = "91330000123456788B" // registered at province level
)

func testRegions(t testing.TB) *datasets.Regions {
	t.Helper()
	r, err := datasets.LoadRegions()
	if err != nil {
		t.Fatalf("load regions: %v", err)
	}
	return r
}

func f64(v float64) *float64 { return &v }
func intp(v int) *int        { return &v }

// TestReadOddInputs gives each malformed or unusual input its documented outcome:
// a reject with its code, or a record (with the fields checked) and the fields
// warned about.
// TestPlaceShortName: a registered name that begins with a place in the
// record's own province gets its short name without the place as an alias; a
// short name, a place in another province or an unknown province, and a rest
// under three characters do not.
func TestPlaceShortName(t *testing.T) {
	regions := testRegions(t)
	popts := ParseOptions{Locate: RegionsLocator(regions), Place: RegionsPlace(regions)}
	for in, want := range map[string][]string{
		`{"name":"杭州华东医药股份有限公司","province":"浙江"}`:                {"华东医药"},
		`{"name":"浙江同花顺网络信息股份有限公司","province":"浙江","city":"杭州"}`: {"同花顺网络信息"},
		`{"name":"北京京能电力股份有限公司","province":"北京"}`:                {"京能电力"},
		`{"name":"杭州华东医药股份有限公司","province":"江苏"}`:                nil,
		`{"name":"贵州航天云网科技有限公司"}`:                                nil,
		`{"name":"广州汽车集团股份有限公司","province":"广东"}`:                nil,
		`{"name":"上海银行股份有限公司","province":"上海"}`:                  nil,
		`{"name":"杭州华东医药","province":"浙江"}`:                      nil,
		`{"name":"平安银行股份有限公司","province":"广东"}`:                  nil,
	} {
		res, _, err := ReadAll(strings.NewReader(in), ReadOptions{Format: FormatJSONL}, popts)
		if err != nil || len(res) != 1 || res[0].Enterprise == nil {
			t.Fatalf("%s: %v %+v", in, err, res)
		}
		if got := res[0].Enterprise.Aliases; !slices.Equal(got, want) {
			t.Errorf("%s: aliases %q, want %q", in, got, want)
		}
	}
}

func TestReadOddInputs(t *testing.T) {
	regions := testRegions(t)
	type want struct {
		reject string   // reject code, "" for a record
		warn   []string // fields warned about, in order
		check  func(t *testing.T, e *chainmatch.Enterprise, tl *chainmatch.Talent)
	}
	ent := func(f func(t *testing.T, e *chainmatch.Enterprise)) func(*testing.T, *chainmatch.Enterprise, *chainmatch.Talent) {
		return func(t *testing.T, e *chainmatch.Enterprise, _ *chainmatch.Talent) {
			t.Helper()
			if e == nil {
				t.Fatal("no enterprise")
			}
			f(t, e)
		}
	}
	eq := func(t *testing.T, field string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", field, got, want)
		}
	}
	risk := func(typ, detail string) func(*testing.T, *chainmatch.Enterprise, *chainmatch.Talent) {
		return ent(func(t *testing.T, e *chainmatch.Enterprise) {
			if len(e.Risks) != 1 || e.Risks[0].Type != typ || e.Risks[0].Detail != detail {
				t.Errorf("risks = %+v, want one %s %q", e.Risks, typ, detail)
			}
		})
	}
	capital := func(wan float64, cur string) func(*testing.T, *chainmatch.Enterprise, *chainmatch.Talent) {
		return ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "capital", e.RegisteredCapitalWan, f64(wan))
			eq(t, "currency", e.Currency, cur)
		})
	}
	founded := func(d string) func(*testing.T, *chainmatch.Enterprise, *chainmatch.Talent) {
		return ent(func(t *testing.T, e *chainmatch.Enterprise) { eq(t, "founded", e.Founded, d) })
	}
	tags := func(want ...chainmatch.Tag) func(*testing.T, *chainmatch.Enterprise, *chainmatch.Talent) {
		return ent(func(t *testing.T, e *chainmatch.Enterprise) { eq(t, "tags", e.Tags, want) })
	}
	noField := ent(func(t *testing.T, e *chainmatch.Enterprise) {})

	cases := []struct {
		name   string
		format Format
		in     string
		want   want
	}{
		{"canonical csv", FormatCSV, "uscc,name,province,city,county,founded,registered_capital_wan\n" +
			usccJinyun + ",甲公司,33,331100,331122,2021-03-05,5000\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "id", e.ID, usccJinyun)
			eq(t, "loc", []string{e.Province, e.City, e.County}, []string{"33", "331100", "331122"})
			eq(t, "capital", e.RegisteredCapitalWan, f64(5000))
		})}},
		{"chinese export headers", FormatCSV, "企业名称,统一社会信用代码,法定代表人,注册资本,实缴资本,成立日期,经营状态,所属省份,所属城市,所属区县,注册地址,国标行业,经营范围,企业类型,参保人数,英文名\n" +
			"浙江甲电动车有限公司," + usccJinyun + ",张三,5000万元人民币,1000万元,2021年3月5日,存续,浙江省,丽水市,缙云县,缙云县五云街道,汽车制造业,电动自行车制造,有限责任公司,320人,Zhejiang Jia EV\n",
			want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
				eq(t, "name", e.Name, "浙江甲电动车有限公司")
				eq(t, "county", e.County, "331122")
				eq(t, "capital", e.RegisteredCapitalWan, f64(5000))
				eq(t, "employees", e.Employees, intp(320))
				eq(t, "extra", e.Extra, map[string]string{"legal_representative": "张三", "paid_in_capital": "1000万元",
					"status": "存续", "company_type": "有限责任公司"})
				eq(t, "name_en", e.NameEN, "Zhejiang Jia EV")
			})}},
		{"uscc lower case with spaces", FormatCSV, "name,uscc\n甲, " + strings.ToLower(usccJinyun) + " \n",
			want{warn: []string{"county"}, check: ent(func(t *testing.T, e *chainmatch.Enterprise) { eq(t, "uscc", e.USCC, usccJinyun) })}},
		{"uscc full-width", FormatCSV, "name,uscc\n甲,９１331122MA2ABCDEXQ\n",
			want{warn: []string{"county"}, check: ent(func(t *testing.T, e *chainmatch.Enterprise) { eq(t, "uscc", e.USCC, usccJinyun) })}},
		{"uscc wrong check character", FormatCSV, "name,uscc\n甲,91331122MA2ABCDEXA\n", want{reject: RejectUSCC}},
		{"uscc too short", FormatCSV, "name,uscc\n甲,91331122MA2ABCD\n", want{reject: RejectUSCC}},
		{"uscc with letter O", FormatCSV, "name,uscc\n甲,91331122MA2ABCDEXO\n", want{reject: RejectUSCC}},
		{"name missing", FormatCSV, "name,uscc\n ," + usccJinyun + "\n", want{reject: RejectName}},
		{"deregistered is a risk", FormatCSV, "企业名称,经营状态\n甲,注销\n", want{check: risk(chainmatch.RiskDeregistered, "经营状态：注销")}},
		{"revoked not deregistered", FormatCSV, "企业名称,经营状态\n甲,\"吊销，未注销\"\n", want{check: risk(chainmatch.RiskRevoked, "经营状态：吊销，未注销")}},
		{"撤销 is deregistered", FormatCSV, "企业名称,登记状态\n甲,撤销\n", want{check: risk(chainmatch.RiskDeregistered, "登记状态：撤销")}},
		{"unknown risk type dropped", FormatJSONL, `{"name":"甲","risks":[{"type":"bankrupt"},{"type":"litigation"}]}`,
			want{warn: []string{"risks[0].type"}, check: risk(chainmatch.RiskLitigation, "")}},
		{"money 亿", FormatCSV, "企业名称,注册资本\n甲,1.2亿\n", want{check: capital(12000, "")}},
		{"money thousands separator", FormatCSV, "企业名称,注册资本\n甲,\"1,000.5 万元\"\n", want{check: capital(1000.5, "")}},
		{"money currency first", FormatCSV, "企业名称,注册资本\n甲,人民币 800 万元\n", want{check: capital(800, "")}},
		{"money in yuan", FormatCSV, "企业名称,注册资本\n甲,800元\n", want{check: capital(0.08, "")}},
		{"money two currencies", FormatCSV, "企业名称,注册资本\n甲,100万美元港元\n", want{warn: []string{"registered_capital_wan"}, check: noField}},
		{"money HKD", FormatCSV, "企业名称,注册资本\n甲,50万港元\n", want{check: capital(45.5, "HKD")}},
		{"money USD", FormatCSV, "企业名称,注册资本\n甲,300万美元\n", want{check: capital(2130, "USD")}},
		{"money not disclosed", FormatCSV, "企业名称,注册资本\n甲,未公开\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "capital", e.RegisteredCapitalWan, (*float64)(nil))
		})}},
		{"money words", FormatCSV, "企业名称,注册资本\n甲,很多钱\n", want{warn: []string{"registered_capital_wan"}, check: noField}},
		{"money negative", FormatCSV, "企业名称,注册资本\n甲,-5\n", want{warn: []string{"registered_capital_wan"}, check: noField}},
		{"money header in yuan", FormatCSV, "企业名称,注册资本（元）\n甲,5000000\n", want{check: capital(500, "")}},
		{"date slashes", FormatCSV, "企业名称,成立日期\n甲,2021/3/5\n", want{check: founded("2021-03-05")}},
		{"date dots", FormatCSV, "企业名称,成立日期\n甲,2021.3.5\n", want{check: founded("2021-03-05")}},
		{"date digits", FormatCSV, "企业名称,成立日期\n甲,20210305\n", want{check: founded("2021-03-05")}},
		{"date excel serial", FormatCSV, "企业名称,成立日期\n甲,44260\n", want{check: founded("2021-03-05")}},
		{"date with time", FormatCSV, "企业名称,成立日期\n甲,2021-03-05 00:00:00\n", want{check: founded("2021-03-05")}},
		{"date not in calendar", FormatCSV, "企业名称,成立日期\n甲,2021-02-30\n", want{warn: []string{"founded"}, check: founded("")}},
		{"date year out of range", FormatCSV, "企业名称,成立日期\n甲,1700-01-01\n", want{warn: []string{"founded"}, check: founded("")}},
		{"employees band", FormatCSV, "企业名称,参保人数\n甲,50-99人\n", want{warn: []string{"employees"}, check: noField}},
		{"yes no tags", FormatCSV, "企业名称,高新技术企业,专精特新,外资\n甲,Y,否,maybe\n", want{warn: []string{"外资"}, check: tags(chainmatch.TagHighTech)}},
		{"little giant label", FormatCSV, "企业名称,专精特新\n甲,国家级专精特新“小巨人”\n", want{check: tags(chainmatch.TagSpecialized, chainmatch.TagLittleGiant)}},
		{"tag list", FormatCSV, "企业名称,标签\n甲,\"高新技术企业、专精特新,火箭\"\n", want{warn: []string{"tags"}, check: tags(chainmatch.TagHighTech, chainmatch.TagSpecialized)}},
		{"bare a-share code", FormatCSV, "企业名称,股票代码\n甲,600519\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "ticker", e.Ticker+"."+e.Exchange, "600519.SH")
			eq(t, "tags", e.Tags, []chainmatch.Tag{chainmatch.TagListed})
		})}},
		{"hong kong code", FormatCSV, "企业名称,股票代码\n甲,00700.HK\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "ticker", e.Ticker+"."+e.Exchange, "00700.HK")
		})}},
		{"listed yes no", FormatCSV, "企业名称,上市状态\n甲,未上市\n", want{check: tags()}},
		{"delisted", FormatCSV, "name,ticker,listing_status\n甲,000005.SZ,D\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "tags", e.Tags, []chainmatch.Tag{})
			eq(t, "ticker", e.Ticker, "000005")
		})}},
		{"city name in province column", FormatCSV, "企业名称,所属省份\n甲,深圳\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "loc", e.Province+"/"+e.City, "44/440300")
		})}},
		{"unknown place kept", FormatCSV, "企业名称,所属省份\n甲,火星省\n", want{warn: []string{"province"}, check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "province", e.Province, "")
		})}},
		{"county from uscc", FormatCSV, "name,uscc,province\n甲," + usccJinyun + ",浙江\n", want{warn: []string{"county"}, check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "loc", []string{e.Province, e.City, e.County}, []string{"33", "331100", "331122"})
		})}},
		{"uscc of a city does not fill county", FormatCSV, "name,uscc\n甲," + usccShenzhen + "\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "county", e.County, "")
		})}},
		{"uscc region contradicts province", FormatCSV, "name,uscc,province\n甲," + usccJinyun + ",广东\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "loc", e.Province+"/"+e.County, "44/")
		})}},
		{"unknown column kept", FormatCSV, "企业名称,微信公众号\n甲,jia_official\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "extra", e.Extra, map[string]string{"微信公众号": "jia_official"})
		})}},
		{"more cells than header", FormatCSV, "企业名称,成立日期\n甲,2021-03-05,多余\n", want{reject: RejectMalformed}},
		{"fewer cells than header", FormatCSV, "企业名称,成立日期,注册资本\n甲,2021-03-05\n", want{check: founded("2021-03-05")}},
		{"control characters", FormatCSV, "企业名称\n\"甲\x01公司\x7f\"\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) { eq(t, "name", e.Name, "甲公司") })}},
		{"second name column fills a blank first", FormatCSV, "企业名称,公司名称\n,乙公司\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) { eq(t, "name", e.Name, "乙公司") })}},
		{"tab separated", FormatCSV, "企业名称\t注册资本\n甲\t1.2亿\n", want{check: capital(12000, "")}},
		{"industry code", FormatCSV, "name,industry_code\n甲,c3670\n", want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) { eq(t, "code", e.IndustryCode, "C3670") })}},
		{"industry code garbage", FormatCSV, "name,industry_code\n甲,汽车\n", want{warn: []string{"industry_code"}, check: noField}},
		{"talent csv by 姓名", FormatCSV, "姓名,学历,工作单位,所在地,专利数\n李四,博士,浙江大学,杭州市西湖区,12\n", want{check: func(t *testing.T, e *chainmatch.Enterprise, tl *chainmatch.Talent) {
			if tl == nil {
				t.Fatal("no talent")
			}
			eq(t, "talent", []string{tl.Name, tl.Degree, tl.Institution, tl.Location}, []string{"李四", "博士", "浙江大学", "330106"})
			eq(t, "patents", tl.Patents, intp(12))
		}}},
		{"jsonl canonical", FormatJSONL, `{"name":"甲","uscc":"` + usccJinyun + `","county":"331122","registered_capital_wan":5000,"tags":["listed","high_tech"],"ticker":"603001.SH","signals":[{"type":"financing","date":"2025/6/1"}]}`,
			want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
				eq(t, "capital", e.RegisteredCapitalWan, f64(5000))
				eq(t, "tags", e.Tags, []chainmatch.Tag{chainmatch.TagListed, chainmatch.TagHighTech})
				eq(t, "signal date", e.Signals[0].Date, "2025-06-01")
			})}},
		{"jsonl string amounts", FormatJSONL, `{"name":"甲","registered_capital_wan":"1.2亿","employees":"320人"}`, want{check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "capital", e.RegisteredCapitalWan, f64(12000))
			eq(t, "employees", e.Employees, intp(320))
		})}},
		{"jsonl unknown key", FormatJSONL, `{"name":"甲","wechat":"jia"}`, want{warn: []string{"wechat"}, check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "extra", e.Extra, map[string]string{"wechat": "jia"})
		})}},
		{"jsonl chinese key", FormatJSONL, `{"企业名称":"甲","注册资本":"300万美元"}`, want{check: capital(2130, "USD")}},
		{"jsonl not json", FormatJSONL, `{"name":"甲",`, want{reject: RejectMalformed}},
		{"jsonl array", FormatJSONL, `["甲"]`, want{reject: RejectMalformed}},
		{"jsonl two values", FormatJSONL, `{"name":"甲"} {"name":"乙"}`, want{reject: RejectMalformed}},
		{"jsonl latitude out of range", FormatJSONL, `{"name":"甲","lat":100,"lon":120}`, want{warn: []string{"lat"}, check: ent(func(t *testing.T, e *chainmatch.Enterprise) {
			eq(t, "lat", e.Lat, (*float64)(nil))
			eq(t, "lon", e.Lon, f64(120))
		})}},
		{"jsonl bad signals", FormatJSONL, `{"name":"甲","signals":"raised money"}`, want{warn: []string{"signals"}, check: noField}},
		{"jsonl talent abroad", FormatJSONL, `{"kind":"talent","name":"Wang Wu","location":"美国","hometown":"缙云","honours":["国家级人才"],"team":true}`,
			want{check: func(t *testing.T, e *chainmatch.Enterprise, tl *chainmatch.Talent) {
				if tl == nil {
					t.Fatal("no talent")
				}
				eq(t, "talent", []string{tl.Location, tl.Hometown}, []string{"US", "331122"})
				eq(t, "team", tl.Team, true)
			}}},
		{"jsonl unknown kind", FormatJSONL, `{"kind":"robot","name":"甲"}`, want{reject: RejectKind}},
		{"jsonl null name", FormatJSONL, `{"name":null,"uscc":"` + usccZhejiang + `"}`, want{reject: RejectName}},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if seen[c.name] {
				t.Fatalf("duplicate case name")
			}
			seen[c.name] = true
			res, _, err := ReadAll(strings.NewReader(c.in), ReadOptions{Format: c.format}, ParseOptions{Locate: RegionsLocator(regions)})
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if len(res) != 1 {
				t.Fatalf("%d results, want 1", len(res))
			}
			r := res[0]
			if c.want.reject != "" {
				if r.Reject == nil || r.Reject.Code != c.want.reject {
					t.Fatalf("reject = %+v, want code %s", r.Reject, c.want.reject)
				}
				if r.Enterprise != nil || r.Talent != nil {
					t.Fatal("a rejected row yielded a record")
				}
				return
			}
			if r.Reject != nil {
				t.Fatalf("rejected: %+v", r.Reject)
			}
			var fields []string
			for _, w := range r.Warnings {
				fields = append(fields, w.Field)
				if w.Line != 2 && c.format == FormatCSV || w.Line != 1 && c.format == FormatJSONL {
					t.Errorf("warning %+v: wrong line", w)
				}
			}
			if !slices.Equal(fields, c.want.warn) {
				t.Errorf("warnings %+v, want fields %v", r.Warnings, c.want.warn)
			}
			c.want.check(t, r.Enterprise, r.Talent)
		})
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases", len(cases))
	}
}
