package read

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// errEmpty marks a cell that holds no value ("", "-", "--", "无", "暂无", "N/A"):
// the field stays unknown and no warning is given.
var errEmpty = errors.New("empty")

// isBlank reports whether a trimmed cell stands for "no value" in common exports.
func isBlank(s string) bool {
	if len(s) > 9 { // longer than any of the words below
		return false
	}
	switch strings.ToLower(s) {
	case "", "-", "--", "—", "——", "/", "null", "none", "n/a", "na", "nan", "无", "暂无", "未公开", "不公开", "未知", "\\n":
		return true
	}
	return false
}

// CNYPerUnit holds the fixed exchange rates used to turn foreign-currency amounts
// into CNY: yuan per unit of the currency. The table is fixed on purpose (an
// import must give the same result on every run); it was set on 2026-11-23 from
// rounded mid rates of that time and is not updated from any live source. The
// original currency of a converted amount is kept in Enterprise.Currency.
var CNYPerUnit = map[string]float64{
	"CNY": 1,
	"USD": 7.1,
	"HKD": 0.91,
	"EUR": 7.7,
	"JPY": 0.048,
}

// currencyWords maps the currency words of Chinese exports to ISO codes, longest first
// within a shared prefix so that 港元 wins over 元.
var currencyWords = []struct{ word, code string }{
	{"元人民币", "CNY"}, {"人民币元", "CNY"}, {"人民币", "CNY"}, {"rmb", "CNY"}, {"cny", "CNY"},
	{"美元", "USD"}, {"美金", "USD"}, {"usd", "USD"},
	{"港元", "HKD"}, {"港币", "HKD"}, {"hkd", "HKD"},
	{"欧元", "EUR"}, {"eur", "EUR"},
	{"日元", "JPY"}, {"jpy", "JPY"},
	{"元", "CNY"},
}

// ParseMoney parses an amount as Chinese exports write it ("5000万元人民币", "1.2亿",
// "300万美元", "50万港元", "1,000.5 万元", "人民币 800 万元") into 万元 CNY, using the
// fixed rates of CNYPerUnit. A plain number is taken to be 万元 already; an amount
// with 元 but no 万 or 亿 is in yuan. It returns the ISO currency the amount was given
// in ("CNY" when none is named). Negative amounts and unknown currencies are errors;
// a blank cell gives errEmpty.
func ParseMoney(s string) (wan float64, currency string, err error) {
	s = strings.TrimSpace(s)
	if isBlank(s) {
		return 0, "", errEmpty
	}
	t := strings.ToLower(strings.Map(func(r rune) rune {
		switch {
		case r == ',' || r == '，' || unicode.IsSpace(r) || r == '　':
			return -1
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		}
		return r
	}, s))
	currency = "CNY"
	named := false
	for _, cw := range currencyWords {
		if !strings.Contains(t, cw.word) {
			continue
		}
		if cw.code != "CNY" {
			if currency != "CNY" && currency != cw.code {
				return 0, "", fmt.Errorf("two currencies in %q", s)
			}
			currency = cw.code
		}
		named = true
		t = strings.ReplaceAll(t, cw.word, "")
	}
	t = strings.Trim(t, "()（）")
	mult := 1.0 // in 万
	switch {
	case strings.HasSuffix(t, "万亿"):
		mult, t = 1e8, strings.TrimSuffix(t, "万亿")
	case strings.HasSuffix(t, "亿"):
		mult, t = 1e4, strings.TrimSuffix(t, "亿")
	case strings.HasSuffix(t, "万"):
		mult, t = 1, strings.TrimSuffix(t, "万")
	case strings.HasSuffix(t, "千"):
		mult, t = 0.1, strings.TrimSuffix(t, "千")
	case named:
		mult = 1e-4 // "800元": yuan
	}
	if t == "" {
		return 0, "", fmt.Errorf("no number in %q", s)
	}
	v, perr := strconv.ParseFloat(t, 64)
	if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, "", fmt.Errorf("%q is not an amount", s)
	}
	if v < 0 {
		return 0, "", fmt.Errorf("negative amount %q", s)
	}
	rate, ok := CNYPerUnit[currency]
	if !ok {
		return 0, "", fmt.Errorf("no rate for currency %s", currency)
	}
	wan = v * mult * rate
	if wan > 1e10 { // 100 万亿 yuan: more than any registered capital
		return 0, "", fmt.Errorf("amount %q out of range", s)
	}
	return round6(wan), currency, nil
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// excelEpoch is day 0 of Excel's 1900 date system as used after 1900-03-01.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Years accepted for a date; outside them a date is out of range.
const (
	minYear = 1800
	maxYear = 2100
)

// ParseDate parses the date forms of Chinese exports into YYYY-MM-DD: 2021-03-05,
// 2021/3/5, 2021.3.5, 2021年3月5日, 20210305, a date-time whose date part is one of
// these, and Excel serial day numbers (44260 is 2021-03-05) as XLSX cells hold
// them. Years outside [1800, 2100] are out of range; a blank cell gives errEmpty.
func ParseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if isBlank(s) {
		return "", errEmpty
	}
	if i := strings.IndexAny(s, " T"); i > 0 { // 2021-03-05 00:00:00, 2021-03-05T00:00:00Z
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "日")
	if isDigits(s) {
		switch {
		case len(s) == 8:
			y, _ := strconv.Atoi(s[:4])
			m, _ := strconv.Atoi(s[4:6])
			d, _ := strconv.Atoi(s[6:])
			return ymd(y, m, d, s)
		case len(s) <= 5:
			n, _ := strconv.Atoi(s)
			if n < 1 {
				return "", fmt.Errorf("%q is not a date", s)
			}
			t := excelEpoch.AddDate(0, 0, n)
			return ymd(t.Year(), int(t.Month()), t.Day(), s)
		}
		return "", fmt.Errorf("%q is not a date", s)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1e5 && strings.Count(s, ".") == 1 &&
		len(s[strings.IndexByte(s, '.')+1:]) > 2 { // Excel serial with a time part: 44260.5
		t := excelEpoch.AddDate(0, 0, int(f))
		return ymd(t.Year(), int(t.Month()), t.Day(), s)
	}
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == '年' || r == '月'
	})
	if len(parts) != 3 || !isDigits(parts[0]) || !isDigits(parts[1]) || !isDigits(parts[2]) || len(parts[0]) != 4 ||
		len(parts[1]) > 2 || len(parts[2]) > 2 {
		return "", fmt.Errorf("%q is not a date", s)
	}
	y, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	return ymd(y, m, d, s)
}

func ymd(y, m, d int, s string) (string, error) {
	if y < minYear || y > maxYear {
		return "", fmt.Errorf("year of %q out of range [%d, %d]", s, minYear, maxYear)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return "", fmt.Errorf("%q is not a calendar date", s)
	}
	return t.Format("2006-01-02"), nil
}

// parseFounded reads a founding date, or a year alone (2010年, 2010), which
// is taken as 1 January of that year.
func parseFounded(s string) (string, error) {
	d, err := ParseDate(s)
	if err == nil || errors.Is(err, errEmpty) {
		return d, err
	}
	y := strings.TrimSuffix(strings.TrimSpace(s), "年")
	if len(y) == 4 && isDigits(y) {
		n, _ := strconv.Atoi(y)
		return ymd(n, 1, 1, s)
	}
	return "", err
}

// parseBand reads the lower bound of a head-count band: 1000-5000人, 100～499人.
func parseBand(s string) (int, bool) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "人"))
	i := strings.IndexAny(t, "-~～—")
	if i <= 0 {
		return 0, false
	}
	n, err := ParseCount(t[:i])
	if err != nil {
		return 0, false
	}
	if _, err := ParseCount(strings.TrimLeft(t[i:], "-~～—")); err != nil {
		return 0, false
	}
	return n, true
}

// splitNames splits a cell of other names (aliases, 曾用名): a JSON array, or
// names separated by , ; 、 | and their full-width forms (not by spaces: an
// English name has them).
func splitNames(s string) []string {
	if strings.HasPrefix(s, "[") {
		var out []string
		if json.Unmarshal([]byte(s), &out) == nil {
			return out
		}
	}
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '、' || r == '|' || r == '，' || r == '；' || r == '\n'
	}) {
		if w = strings.Trim(strings.TrimSpace(w), `"'`); !isBlank(w) {
			out = append(out, w)
		}
	}
	return out
}

// markdownLink reduces a Markdown link [text](url) to its URL.
func markdownLink(s string) string {
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, ")") {
		if i := strings.Index(s, "]("); i > 0 {
			return s[i+2 : len(s)-1]
		}
	}
	return s
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseCount parses a non-negative whole number such as 320, "320人", "1,200",
// "12 项" or "320.0" (spreadsheets store numbers as floats). Ranges such as "50-99人"
// and words are errors; a blank cell gives errEmpty.
func ParseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if isBlank(s) {
		return 0, errEmpty
	}
	t := strings.Map(func(r rune) rune {
		if r == ',' || r == '，' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	for _, unit := range []string{"人", "名", "项", "件", "个", "篇"} {
		t = strings.TrimSuffix(t, unit)
	}
	// At least N: 35000+人, 500人以上. The lower bound is the count known.
	t = strings.TrimSuffix(strings.TrimSuffix(t, "以上"), "+")
	t = strings.TrimSuffix(t, ".0")
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if n < 0 {
		return 0, fmt.Errorf("negative count %q", s)
	}
	if n > 10_000_000 {
		return 0, fmt.Errorf("count %q out of range", s)
	}
	return n, nil
}

// ParseBool parses the yes/no cells of tag columns: 是/否, 有/无, Y/N, yes/no,
// true/false, 1/0, √/×. A blank cell gives errEmpty.
func ParseBool(s string) (bool, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "是", "有", "y", "yes", "true", "t", "1", "√", "✓", "对":
		return true, nil
	case "否", "n", "no", "false", "f", "0", "×", "✗", "非", "不是":
		return false, nil
	}
	if isBlank(s) {
		return false, errEmpty
	}
	return false, fmt.Errorf("%q is not yes or no", s)
}

// ParseFloat parses a decimal number (coordinates, shares); a blank cell gives errEmpty.
func ParseFloat(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if isBlank(s) {
		return 0, errEmpty
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// exchanges maps the suffixes and prefixes of stock codes to exchange codes.
var exchanges = map[string]string{
	"SH": "SH", "SS": "SH", "SSE": "SH", "上交所": "SH", "上海": "SH",
	"SZ": "SZ", "SZSE": "SZ", "深交所": "SZ", "深圳": "SZ",
	"BJ": "BJ", "BSE": "BJ", "北交所": "BJ",
	"HK": "HK", "HKEX": "HK", "港交所": "HK",
	"O": "NASDAQ", "NASDAQ": "NASDAQ", "OQ": "NASDAQ",
	"N": "NYSE", "NYSE": "NYSE",
}

// exchangeWords maps the exchange names of Chinese lists to exchange codes.
var exchangeWords = []struct{ word, code string }{
	{"上海证券交易所", "SH"}, {"上交所", "SH"}, {"科创板", "SH"}, {"深圳证券交易所", "SZ"}, {"深交所", "SZ"},
	{"创业板", "SZ"}, {"北京证券交易所", "BJ"}, {"北交所", "BJ"}, {"香港联交所", "HK"}, {"香港交易所", "HK"},
	{"港交所", "HK"}, {"联交所", "HK"}, {"港股", "HK"}, {"纳斯达克", "NASDAQ"}, {"纽约证券交易所", "NYSE"},
	{"纽交所", "NYSE"}, {"美股", ""}, {"已上市", ""}, {"上市", ""},
}

// ParseListing reads a listing-status cell of a company list: 深交所：002594,
// 港交所：1810, 已上市(300496), 纳斯达克(MSFT), 深交所：002594/港交所：1211,
// 未上市, 东京证券交易所. It returns whether the firm is listed and, when a code
// is named, the ticker and exchange (an A-share listing before others). ok is false
// when the cell says nothing of a listing.
func ParseListing(s string) (listed bool, ticker, exchange string, ok bool) {
	s = strings.TrimSpace(s)
	if isBlank(s) {
		return false, "", "", true
	}
	for _, w := range []string{"未上市", "非上市", "私人公司", "私有公司", "未公开上市", "已退市", "退市"} {
		if strings.Contains(s, w) {
			return false, "", "", true
		}
	}
	s = strings.NewReplacer("<br>", "/", "<br/>", "/", "（", "(", "）", ")", "：", ":").Replace(s)
	best := -1
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == '、' || r == ';' || r == '；' || r == '|' || r == ',' || r == '，'
	}) {
		part = strings.TrimSpace(part)
		word, code := part, ""
		if i := strings.IndexByte(part, '('); i >= 0 && strings.HasSuffix(part, ")") {
			word, code = part[:i], part[i+1:len(part)-1]
		} else if i := strings.IndexByte(part, ':'); i >= 0 {
			word, code = part[:i], part[i+1:]
		}
		word, code = strings.TrimSpace(word), strings.ToUpper(strings.TrimSpace(code))
		ex, known := "", false
		for _, ew := range exchangeWords {
			if strings.Contains(word, ew.word) {
				ex, known = ew.code, true
				break
			}
		}
		if !known {
			if m, found := exchanges[strings.ToUpper(word)]; found {
				ex, known = m, true
			}
		}
		if known || listingWord(word) {
			listed = true
		}
		if code == "" || !validTicker(code) {
			continue
		}
		t, e, err := ParseTicker(code)
		switch {
		case err == nil && (ex == "" || ex == e):
		case ex != "":
			t, e = code, ex
			if ex == "HK" && isDigits(t) {
				t = padHK(t)
			}
		default:
			continue
		}
		rank := 0
		if e == "SH" || e == "SZ" || e == "BJ" {
			rank = 1
		}
		if rank > best {
			best, ticker, exchange = rank, t, e
		}
		listed = true
	}
	return listed, ticker, exchange, listed
}

// listingWord reports whether w names a stock market: 东京证券交易所, 台交所,
// 德国DAX指数, 法国Euronext, 韩国KOSPI, 瑞典OMX.
func listingWord(w string) bool {
	u := strings.ToUpper(w)
	for _, k := range []string{"交易所", "交所", "指数", "EURONEXT", "KOSPI", "OMX", "法兰克福", "FRANKFURT", "XETRA", "NASDAQ", "NYSE", "LSE", "TSE", "SIX"} {
		if strings.Contains(u, k) {
			return true
		}
	}
	return false
}

// padHK writes a Hong Kong stock code with five digits, as HKEX does (01810).
func padHK(t string) string {
	for len(t) < 5 {
		t = "0" + t
	}
	return t
}

// ParseTicker parses a stock code such as 600519.SH, SH600519, 00700.HK or a bare
// A-share code (600519: exchange from the leading digits: 6 SH, 0/2/3 SZ, 4/8/92 BJ).
// It returns the ticker and the exchange code.
func ParseTicker(s string) (ticker, exchange string, err error) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "：", ":"))
	if isBlank(s) {
		return "", "", errEmpty
	}
	if i := strings.LastIndexAny(s, ".:"); i > 0 && i < len(s)-1 {
		a, b := s[:i], s[i+1:]
		hk := func(t, ex string) string {
			if ex == "HK" && isDigits(t) {
				return padHK(t)
			}
			return t
		}
		if ex, ok := exchanges[b]; ok && validTicker(a) {
			return hk(a, ex), ex, nil
		}
		if ex, ok := exchanges[a]; ok && validTicker(b) { // NASDAQ:BIDU
			return hk(b, ex), ex, nil
		}
		return "", "", fmt.Errorf("%q is not a stock code", s)
	}
	for _, p := range []string{"SH", "SZ", "BJ"} {
		if rest := strings.TrimPrefix(s, p); rest != s && len(rest) == 6 && isDigits(rest) {
			return rest, p, nil
		}
	}
	if len(s) == 6 && isDigits(s) {
		switch {
		case s[0] == '6':
			return s, "SH", nil
		case s[0] == '0' || s[0] == '2' || s[0] == '3':
			return s, "SZ", nil
		case s[0] == '4' || s[0] == '8' || strings.HasPrefix(s, "92"):
			return s, "BJ", nil
		}
	}
	return "", "", fmt.Errorf("%q is not a stock code", s)
}

func validTicker(s string) bool {
	if s == "" || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '-') {
			return false
		}
	}
	return true
}

// ParseUSCC normalises a unified social credit code (trims spaces, including
// full-width ones, folds full-width characters and upper-cases) and checks it with
// chainmatch.ValidateUSCC. A blank cell gives errEmpty.
func ParseUSCC(s string) (string, error) {
	if isBlank(strings.TrimSpace(s)) {
		return "", errEmpty
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case unicode.IsSpace(r) || r == 0x3000 || r == 0xFEFF:
			continue
		}
		b.WriteRune(r)
	}
	u := chainmatch.NormalizeUSCC(b.String())
	if err := chainmatch.ValidateUSCC(u); err != nil {
		return u, err
	}
	return u, nil
}

// tagWords maps tag names and the Chinese labels of exports to tags.
var tagWords = map[string]chainmatch.Tag{
	"listed": chainmatch.TagListed, "上市": chainmatch.TagListed, "上市公司": chainmatch.TagListed, "上市企业": chainmatch.TagListed,
	"high_tech": chainmatch.TagHighTech, "高新": chainmatch.TagHighTech, "高新技术企业": chainmatch.TagHighTech, "国家高新技术企业": chainmatch.TagHighTech,
	"specialized": chainmatch.TagSpecialized, "专精特新": chainmatch.TagSpecialized, "专精特新企业": chainmatch.TagSpecialized, "专精特新中小企业": chainmatch.TagSpecialized,
	"little_giant": chainmatch.TagLittleGiant, "小巨人": chainmatch.TagLittleGiant, "专精特新小巨人": chainmatch.TagLittleGiant, "专精特新“小巨人”": chainmatch.TagLittleGiant,
	"foreign_funded": chainmatch.TagForeignFunded, "外资": chainmatch.TagForeignFunded, "外资企业": chainmatch.TagForeignFunded, "外商投资企业": chainmatch.TagForeignFunded,
	"leader": chainmatch.TagLeader, "龙头": chainmatch.TagLeader, "龙头企业": chainmatch.TagLeader, "链主": chainmatch.TagLeader, "链主企业": chainmatch.TagLeader,
	"high_growth": chainmatch.TagHighGrowth, "高成长": chainmatch.TagHighGrowth, "瞪羚": chainmatch.TagHighGrowth, "瞪羚企业": chainmatch.TagHighGrowth, "独角兽": chainmatch.TagHighGrowth,
	"soe": chainmatch.TagSOE, "国企": chainmatch.TagSOE, "央企": chainmatch.TagSOE, "国有企业": chainmatch.TagSOE,
	"top500": chainmatch.TagTop500, "500强": chainmatch.TagTop500, "世界500强": chainmatch.TagTop500, "中国500强": chainmatch.TagTop500,
}

// ParseTags parses a list of tags: a JSON array of strings, or names and Chinese
// labels separated by commas, semicolons, 、, | or spaces. Unknown words are
// returned separately; duplicates are dropped and the order kept.
func ParseTags(s string) (tags []chainmatch.Tag, unknown []string) {
	for _, w := range splitList(s) {
		t, ok := tagWords[strings.ToLower(w)]
		if !ok {
			unknown = append(unknown, w)
			continue
		}
		tags = addTag(tags, t)
	}
	return tags, unknown
}

func addTag(tags []chainmatch.Tag, t chainmatch.Tag) []chainmatch.Tag {
	for _, k := range tags {
		if k == t {
			return tags
		}
	}
	return append(tags, t)
}

// splitList splits a cell holding a list: a JSON array of strings, or words
// separated by , ; 、 | ， ； or spaces.
func splitList(s string) []string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = s[1 : len(s)-1]
	}
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '、' || r == '|' || r == '，' || r == '；' || unicode.IsSpace(r)
	}) {
		w = strings.Trim(w, `"' `)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// cleanText trims a text cell, drops control characters other than newline and
// tab, and replaces invalid UTF-8.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
